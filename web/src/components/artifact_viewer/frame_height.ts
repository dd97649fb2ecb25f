// Sizing the sandboxed artifact frame from its own document. The frame is same-origin
// (sandbox="allow-same-origin", no allow-scripts), so the parent may read its layout, while the
// frame can run nothing. Plain DOM, no OWL: the artifact viewer and the Chromium suite share it.

export interface FrameLimits {
  min: number;
  max: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = Object.freeze({ min: 160, max: 4000 });

/**
 * The height the frame needs to show its whole document, clamped; null while it has none.
 * documentElement.scrollHeight never drops below the frame's current height, so it can grow but not
 * shrink the frame; the <html> box's own height follows the content both ways.
 */
export function measureFrameHeight(frame: HTMLIFrameElement, limits: FrameLimits = DEFAULT_FRAME_LIMITS): number | null {
  const doc = frame.contentDocument;
  const root = doc?.documentElement;
  if (!doc || !root) return null;
  const content = Math.max(root.getBoundingClientRect().height, doc.body?.getBoundingClientRect().height ?? 0);
  return Math.min(limits.max, Math.max(limits.min, Math.ceil(content)));
}

/**
 * Sizes `frame` after each load and whenever its width changes (text reflows); returns a function
 * that stops watching. The observer lives in the parent: the frame's own realm cannot run callbacks.
 */
export function fitFrameToContent(frame: HTMLIFrameElement, limits: FrameLimits = DEFAULT_FRAME_LIMITS): () => void {
  let lastWidth = -1;
  const apply = () => {
    const height = measureFrameHeight(frame, limits);
    if (height !== null) frame.style.height = `${height}px`;
  };
  const onResize = (entries: ResizeObserverEntry[]) => {
    const width = entries[0]?.contentRect.width ?? -1;
    if (width === lastWidth) return; // our own height change, not a reflow
    lastWidth = width;
    apply();
  };
  const observer = new ResizeObserver(onResize);
  frame.addEventListener('load', apply);
  observer.observe(frame);
  apply();
  return () => {
    observer.disconnect();
    frame.removeEventListener('load', apply);
  };
}
