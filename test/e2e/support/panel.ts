// The Parley panel as the browser tests see it: its data-testid names (web/src/components) and the
// few gestures a person makes with it. Assertions stay in the tests.
import type { Locator, Page } from 'playwright-core';

export const T = {
  systray: '[data-testid="parley-systray-button"]',
  panel: '[data-testid="parley-panel"]',
  close: '[data-testid="parley-close"]',
  title: '[data-testid="parley-title"]',
  sessionsToggle: '[data-testid="parley-sessions-toggle"]',
  sessionItem: '[data-testid="parley-session-item"]',
  sessionOpen: '[data-testid="parley-session-open"]',
  sessionName: '[data-testid="parley-session-name"]',
  sessionRename: '[data-testid="parley-session-rename"]',
  sessionRenameInput: '[data-testid="parley-session-rename-input"]',
  sessionDelete: '[data-testid="parley-session-delete"]',
  sessionDeleteConfirm: '[data-testid="parley-session-delete-confirm"]',
  newSession: '[data-testid="parley-new-session"]',
  composer: '[data-testid="parley-composer"]',
  send: '[data-testid="parley-send"]',
  stop: '[data-testid="parley-stop"]',
  message: '[data-testid="parley-message"]',
  assistant: '[data-testid="parley-message"][data-role="assistant"]',
  user: '[data-testid="parley-message"][data-role="user"]',
  assistantText: '[data-testid="parley-assistant-text"]',
  streaming: '[data-testid="parley-streaming"]',
  turnStopped: '[data-testid="parley-turn-stopped"]',
  turnError: '[data-testid="parley-turn-error"]',
  toolChip: '[data-testid="parley-tool-chip"]',
  toolName: '[data-testid="parley-tool-name"]',
  toolArgs: '[data-testid="parley-tool-args"]',
  toolDuration: '[data-testid="parley-tool-duration"]',
  toolToggle: '[data-testid="parley-tool-toggle"]',
  toolError: '[data-testid="parley-tool-error"]',
  errorBanner: '[data-testid="parley-error-banner"]',
} as const;

/**
 * Runs the gesture that opens the panel and waits until the panel has loaded what it loads on
 * opening (the session list, then the newest session's history), as a person waits for the panel
 * to settle before typing.
 */
async function openedBy(page: Page, gesture: () => Promise<void>): Promise<Locator> {
  const list = page.waitForResponse((response) => response.url().endsWith('/parley/sessions/list'));
  // Armed before the gesture (the answer may come before the list is read); unused when the user
  // has no session yet, hence the catch.
  const history = page.waitForResponse((response) => response.url().endsWith('/parley/sessions/history')).catch(() => null);
  await gesture();
  const panel = page.locator(T.panel);
  await panel.waitFor({ state: 'visible' });
  const sessions = (await (await list).json()) as { result?: unknown[] };
  if (Array.isArray(sessions.result) && sessions.result.length > 0) {
    await history;
  }
  return panel;
}

export async function openFromSystray(page: Page): Promise<Locator> {
  return openedBy(page, () => page.click(T.systray));
}

/** Ctrl+K, then the "Ask Parley" command of the command palette. */
export async function openFromCommandPalette(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+k');
  const palette = page.locator('.o_command_palette');
  await palette.waitFor({ state: 'visible' });
  await palette.locator('input').fill('Ask Parley');
  const command = palette.locator('.o_command', { hasText: 'Ask Parley' }).first();
  await command.waitFor({ state: 'visible' });
  return openedBy(page, () => command.click());
}

/** Types a message in the composer and presses Enter, as a person would. */
export async function ask(page: Page, text: string): Promise<void> {
  const composer = page.locator(T.composer);
  await composer.click();
  await composer.fill(text);
  await composer.press('Enter');
}

/**
 * Waits until Odoo has stored the user's message and started its turn (the bubble gets the turn's
 * id), and returns that id.
 */
export async function turnOf(page: Page, text: string, timeout = 30_000): Promise<string> {
  const handle = await page.waitForFunction(
    ({ selector, wanted }) => {
      const bubbles = [...document.querySelectorAll(selector)].filter((el) => (el.textContent ?? '').includes(wanted));
      const id = bubbles[bubbles.length - 1]?.getAttribute('data-turn-id') ?? '';
      return /^\d+$/.test(id) ? id : false;
    },
    { selector: T.user, wanted: text },
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}

/** Everything the assistant showed for one turn (its messages, chips included). */
export function turnMessages(page: Page, turnId: string): Locator {
  return page.locator(`${T.assistant}[data-turn-id="${turnId}"]`);
}

/** Waits until the turn has an answer and nothing of it streams any more, and Send is back. */
export async function waitTurnFinished(page: Page, turnId: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ({ assistant, id }) => {
      const mine = [...document.querySelectorAll(`${assistant}[data-turn-id="${id}"]`)];
      return mine.length > 0 && mine.every((el) => el.getAttribute('data-streaming') !== 'true');
    },
    { assistant: T.assistant, id: turnId },
    { timeout },
  );
  await page.locator(T.send).waitFor({ state: 'visible', timeout });
}

/** Asks, and waits for the whole turn to end; returns the turn id. */
export async function askAndWait(page: Page, text: string, timeout = 60_000): Promise<string> {
  await ask(page, text);
  const turnId = await turnOf(page, text);
  await waitTurnFinished(page, turnId, timeout);
  return turnId;
}

interface Recording {
  lengths: number[];
  /** For each tool chip that appeared after recording started, in order: its tool and states. */
  chips: Array<{ tool: string; states: string[] }>;
}

/**
 * Starts recording, inside the page, every length the newest assistant text takes and every state
 * each new tool chip goes through. DOM mutations are observed as they happen, so short-lived states
 * (a chip "running" for a few milliseconds) are seen even between two screenshots.
 */
export async function startRecording(page: Page): Promise<void> {
  await page.evaluate((sel) => {
    const seen = new Map<Element, { tool: string; states: string[] }>();
    const before = new Set(document.querySelectorAll(sel.toolChip));
    const recording: Recording = { lengths: [], chips: [] };
    (window as unknown as { __parley: Recording }).__parley = recording;
    const sample = () => {
      const bubbles = document.querySelectorAll(sel.assistant);
      const last = bubbles[bubbles.length - 1];
      const length = last ? (last.textContent ?? '').trim().length : 0;
      if (recording.lengths[recording.lengths.length - 1] !== length) recording.lengths.push(length);
      document.querySelectorAll(sel.toolChip).forEach((chip) => {
        if (before.has(chip)) return;
        let entry = seen.get(chip);
        if (!entry) {
          entry = { tool: chip.getAttribute('data-tool') ?? '', states: [] };
          seen.set(chip, entry);
          recording.chips.push(entry);
        }
        const state = chip.getAttribute('data-state') ?? '';
        if (entry.states[entry.states.length - 1] !== state) entry.states.push(state);
      });
    };
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-state'],
    });
  }, { assistant: T.assistant, toolChip: T.toolChip });
}

export async function recorded(page: Page): Promise<Recording> {
  return page.evaluate(() => (window as unknown as { __parley: Recording }).__parley);
}
