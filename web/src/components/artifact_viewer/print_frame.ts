// "Print" for an artifact. Chromium ignores print() in a frame sandboxed without allow-modals, even
// when the same-origin parent calls it, so printing uses a second, hidden frame that adds exactly
// that token. allow-modals grants the document nothing it can use: without allow-scripts it cannot
// open a dialog itself; only the parent's print() call does. The frame is removed afterwards.

/** The viewer's frame: same-origin (so the parent can measure it), no scripts, nothing else. */
export const VIEW_SANDBOX = "allow-same-origin";
/** The print frame: the same plus allow-modals, which print() needs. Never allow-scripts. */
export const PRINT_SANDBOX = "allow-same-origin allow-modals";

export function printArtifact(html: string, doc: Document = document): Promise<void> {
    return new Promise((resolve) => {
        const frame = doc.createElement("iframe");
        frame.setAttribute("sandbox", PRINT_SANDBOX);
        frame.setAttribute("aria-hidden", "true");
        frame.setAttribute("tabindex", "-1");
        frame.setAttribute("style", "position:fixed;left:-10000px;top:0;width:800px;height:600px;border:0");
        frame.setAttribute("srcdoc", html);
        frame.addEventListener(
            "load",
            () => {
                try {
                    frame.contentWindow?.print();
                } finally {
                    // print() blocks until the dialog closes in most browsers; remove the frame after.
                    setTimeout(() => {
                        frame.remove();
                        resolve();
                    }, 0);
                }
            },
            { once: true },
        );
        doc.body.append(frame);
    });
}
