// The parent page's script in the Chromium suite: embeds an artifact exactly as the panel's artifact
// viewer does (static sandbox attribute, srcdoc set as an attribute the way OWL's t-att- binding
// sets it, then inserted) and sizes it with the viewer's own frame_height module.
import { fitFrameToContent, type FrameLimits } from '../../../../web/src/components/artifact_viewer/frame_height.js';
import { VIEW_SANDBOX, printArtifact } from '../../../../web/src/components/artifact_viewer/print_frame.js';

declare global {
  interface Window {
    mountArtifact(html: string, sandbox?: string, limits?: FrameLimits): Promise<void>;
    printArtifact(html: string): Promise<void>;
  }
}

window.printArtifact = (html) => printArtifact(html);

window.mountArtifact = (html, sandbox = VIEW_SANDBOX, limits) =>
  new Promise<void>((resolve) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', sandbox);
    frame.setAttribute('title', 'Artifact');
    frame.setAttribute('srcdoc', html);
    frame.addEventListener('load', () => resolve(), { once: true });
    fitFrameToContent(frame, limits);
    document.getElementById('viewer')?.replaceChildren(frame);
  });
