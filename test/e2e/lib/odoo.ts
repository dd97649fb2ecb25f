// The chat panel's DOM hooks and two ways to open it, for browser tests. Log in with
// ../support/browser.ts (logIn) first. Selectors are the panel's stable data-testid attributes;
// see web/src/components/* for where each one lives.
import type { Page } from 'playwright-core';

const byTestId = (id: string): string => `[data-testid="${id}"]`;

export const PANEL = {
  systrayButton: byTestId('parley-systray-button'),
  panel: byTestId('parley-panel'),
  close: byTestId('parley-close'),
  title: byTestId('parley-title'),
  sessionsToggle: byTestId('parley-sessions-toggle'),
  sessionList: byTestId('parley-session-list'),
  sessionItem: byTestId('parley-session-item'), // data-session-id
  sessionOpen: byTestId('parley-session-open'),
  sessionName: byTestId('parley-session-name'),
  newSession: byTestId('parley-new-session'),
  rename: byTestId('parley-session-rename'),
  renameInput: byTestId('parley-session-rename-input'), // Enter saves, Escape cancels
  delete: byTestId('parley-session-delete'),
  deleteConfirm: byTestId('parley-session-delete-confirm'),
  composer: byTestId('parley-composer'), // textarea: Enter sends, Shift+Enter newline
  send: byTestId('parley-send'),
  stop: byTestId('parley-stop'),
  context: byTestId('parley-context'), // data-model, data-record-id
  message: byTestId('parley-message'), // data-role user|assistant, data-turn-id, data-streaming
  userMessage: `${byTestId('parley-message')}[data-role="user"]`,
  assistantMessage: `${byTestId('parley-message')}[data-role="assistant"]`,
  assistantText: byTestId('parley-assistant-text'),
  streaming: byTestId('parley-streaming'),
  toolChip: byTestId('parley-tool-chip'), // data-tool, data-state running|done|error, data-duration-ms
  toolToggle: byTestId('parley-tool-toggle'),
  toolDuration: byTestId('parley-tool-duration'),
  toolError: byTestId('parley-tool-error'),
  toolResult: byTestId('parley-tool-result'),
  turnError: byTestId('parley-turn-error'),
  turnStopped: byTestId('parley-turn-stopped'),
  errorBanner: byTestId('parley-error-banner'), // data-kind bridge_down|no_model_key|request_failed
  recordLink: 'a.o_parley_record_link', // data-parley-model, data-parley-res-id
} as const;

/** Opens the panel with the systray icon (no-op when it is already open). */
export async function openPanel(page: Page): Promise<void> {
  if (!(await page.locator(PANEL.panel).isVisible())) {
    await page.locator(PANEL.systrayButton).click();
  }
  await page.locator(PANEL.panel).waitFor({ state: 'visible' });
}

/** Opens the panel through the command palette: Ctrl+K, type, pick "Ask Parley". */
export async function openPanelFromCommandPalette(page: Page): Promise<void> {
  const palette = page.locator('.o_command_palette');
  // Right after the web client starts, the first Ctrl+K can land before the hotkey service listens.
  for (let attempt = 0; attempt < 5 && !(await palette.isVisible()); attempt += 1) {
    await page.keyboard.press('Control+k');
    await palette.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
  }
  await palette.waitFor({ state: 'visible' });
  await palette.locator('input').fill('Ask Parley');
  await palette.locator('.o_command', { hasText: 'Ask Parley' }).first().click();
  await page.locator(PANEL.panel).waitFor({ state: 'visible' });
}

/** Types a message into the composer and sends it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.locator(PANEL.composer).fill(text);
  await page.locator(PANEL.composer).press('Enter');
}
