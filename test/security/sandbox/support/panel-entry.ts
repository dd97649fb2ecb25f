// The parent page's script in the Chromium suite. mountViewer mounts the panel's real ArtifactViewer
// (OWL 2, its own template and attribute bindings; only Odoo's rpc and _t are stand-ins, see
// stubs/). mountArtifact embeds a document the same way with plain DOM calls (static sandbox
// attribute, srcdoc as an attribute, then inserted), for the print-frame and sizing checks.
import { mount } from '@odoo/owl';
import { ArtifactViewer, type ArtifactContent } from '../../../../web/src/components/artifact_viewer/artifact_viewer.js';
import { fitFrameToContent, type FrameLimits } from '../../../../web/src/components/artifact_viewer/frame_height.js';
import { VIEW_SANDBOX, printArtifact } from '../../../../web/src/components/artifact_viewer/print_frame.js';

declare global {
  interface Window {
    mountArtifact(html: string, sandbox?: string, limits?: FrameLimits): Promise<void>;
    printArtifact(html: string): Promise<void>;
    mountViewer(artifact: ArtifactContent): Promise<void>;
  }
}

window.mountViewer = async (artifact) => {
  window.__artifact = artifact;
  const target = document.getElementById('viewer');
  if (!target) throw new Error('no #viewer');
  target.replaceChildren();
  await mount(ArtifactViewer, target, { props: { artifactId: artifact.id }, dev: false });
  const frame = target.querySelector('iframe');
  // Until the srcdoc document has loaded, the frame still holds its initial about:blank.
  const loaded = () => frame?.contentDocument?.URL === 'about:srcdoc' && frame.contentDocument.readyState === 'complete';
  for (let waited = 0; frame && !loaded() && waited < 5000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

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
