import { Component, onWillStart, onWillUpdateProps, useEffect, useRef, useState, xml } from "@odoo/owl";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";
import { downloadUrl, svgDataUrl, viewUrl } from "./artifact_urls.js";
import { fitFrameToContent } from "./frame_height.js";
import { printArtifact } from "./print_frame.js";

/** What `/parley/artifacts/get` answers (docs/wire.md §5). */
export interface ArtifactContent {
    id: number;
    kind: "chart" | "report";
    title: string;
    html: string;
    svg: string | null;
    source: { call_id: string; tool: string } | null;
}

/**
 * One chart or report beside the chat. A chart is an <img> of its SVG (an image runs nothing); a
 * report is a frame with sandbox="allow-same-origin" and no allow-scripts, its document set through
 * OWL's attribute binding (srcdoc), sized to its content. "Open in tab" goes to Odoo's route that
 * serves it under a sandbox CSP header; "Download" gets the same document as an attachment.
 */
export class ArtifactViewer extends Component {
    static override props = { artifactId: Number, onClose: { type: Function, optional: true } };
    static override template = xml`
        <section class="o_parley_artifact d-flex flex-column gap-2" data-testid="parley-artifact"
                 t-att-data-kind="state.artifact ? state.artifact.kind : undefined">
            <header class="o_parley_artifact_head d-flex align-items-center gap-2">
                <span class="o_parley_artifact_title fw-bold text-truncate" t-esc="state.artifact ? state.artifact.title : labels.loading"/>
                <div class="ms-auto d-flex gap-1">
                    <a class="btn btn-sm btn-light" t-att-href="viewHref" target="_blank" rel="noopener noreferrer"
                       data-testid="parley-artifact-open" t-esc="labels.open"/>
                    <a class="btn btn-sm btn-light" t-att-href="downloadHref" download="" data-testid="parley-artifact-download" t-esc="labels.download"/>
                    <a t-if="state.artifact and state.artifact.svg" class="btn btn-sm btn-light" t-att-href="svgHref" download=""
                       data-testid="parley-artifact-download-svg">SVG</a>
                    <button type="button" class="btn btn-sm btn-light" t-att-disabled="!state.artifact" t-on-click="onPrint"
                            data-testid="parley-artifact-print" t-esc="labels.print"/>
                    <button t-if="props.onClose" type="button" class="btn btn-sm btn-light" t-on-click="() => props.onClose()"
                            t-att-aria-label="labels.close" data-testid="parley-artifact-close"><i class="fa fa-times"/></button>
                </div>
            </header>
            <div t-if="state.error" class="o_parley_artifact_error text-danger" data-testid="parley-artifact-error" t-esc="state.error"/>
            <t t-elif="state.artifact">
                <figure t-if="state.artifact.kind === 'chart' and state.artifact.svg" class="o_parley_chart m-0">
                    <img class="img-fluid" t-att-src="chartSrc" t-att-alt="state.artifact.title" data-testid="parley-chart-image"/>
                    <figcaption t-if="provenance" class="text-muted small" t-esc="provenance"/>
                </figure>
                <iframe t-else="" class="o_parley_artifact_frame w-100 border rounded" sandbox="allow-same-origin"
                        t-att-srcdoc="state.artifact.html" t-att-title="state.artifact.title" t-ref="frame"
                        data-testid="parley-artifact-frame"/>
            </t>
        </section>`;

    declare props: { artifactId: number; onClose?: () => void };
    declare state: { artifact: ArtifactContent | null; error: string | null };
    declare labels: Record<"loading" | "open" | "download" | "print" | "close", string>;
    declare frame: { el: HTMLIFrameElement | null };

    override setup(): void {
        this.state = useState({ artifact: null, error: null });
        this.frame = useRef<HTMLIFrameElement>("frame");
        this.labels = {
            loading: _t("Loading…"),
            open: _t("Open in tab"),
            download: _t("Download"),
            print: _t("Print"),
            close: _t("Close"),
        };
        onWillStart(() => this.load(this.props.artifactId));
        onWillUpdateProps((next: { artifactId: number }) =>
            next.artifactId !== this.props.artifactId ? this.load(next.artifactId) : undefined,
        );
        useEffect(
            (frame: HTMLIFrameElement | null) => (frame ? fitFrameToContent(frame) : undefined),
            () => [this.frame.el],
        );
    }

    async load(artifactId: number): Promise<void> {
        this.state.error = null;
        try {
            this.state.artifact = await rpc<ArtifactContent>("/parley/artifacts/get", { artifact_id: artifactId });
        } catch {
            this.state.artifact = null;
            this.state.error = _t("This chart or report could not be loaded.");
        }
    }

    get viewHref(): string {
        return viewUrl(this.props.artifactId);
    }

    get downloadHref(): string {
        return downloadUrl(this.props.artifactId);
    }

    get svgHref(): string {
        return downloadUrl(this.props.artifactId, "svg");
    }

    get chartSrc(): string {
        return svgDataUrl(this.state.artifact?.svg ?? "");
    }

    get provenance(): string {
        const source = this.state.artifact?.source;
        return source ? _t("Source: %(tool)s (tool call %(call)s)", { tool: source.tool, call: source.call_id }) : "";
    }

    onPrint(): void {
        if (this.state.artifact) {
            void printArtifact(this.state.artifact.html);
        }
    }
}
