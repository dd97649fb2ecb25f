// Where an artifact is shown, opened and downloaded. Pure functions: no OWL, no Odoo import.

/** The chart as an image source. An SVG loaded through <img> can run nothing and load nothing. */
export function svgDataUrl(svg: string): string {
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Odoo's open-in-tab route: serves the document with a `sandbox` CSP header (never a blob URL). */
export function viewUrl(artifactId: number): string {
    return `/parley/artifact/${encodeURIComponent(String(Math.trunc(artifactId)))}/view`;
}

export function downloadUrl(artifactId: number, format: "html" | "svg" = "html"): string {
    const base = `/parley/artifact/${encodeURIComponent(String(Math.trunc(artifactId)))}/download`;
    return format === "svg" ? `${base}?format=svg` : base;
}
