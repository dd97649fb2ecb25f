import { describe, expect, it } from "vitest";
import { downloadUrl, svgDataUrl, viewUrl } from "./artifact_urls.js";
import { PRINT_SANDBOX, VIEW_SANDBOX } from "./print_frame.js";

describe("artifact URLs and sandboxes", () => {
    it("shows a chart as a data: image, never a blob or a same-origin URL", () => {
        const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><title>a&b #1</title></svg>');
        expect(url.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
        expect(decodeURIComponent(url.slice(url.indexOf(",") + 1))).toContain("<title>a&b #1</title>");
        expect(url).not.toContain("#");
    });

    it("opens and downloads through Odoo's artifact routes only", () => {
        expect(viewUrl(12)).toBe("/parley/artifact/12/view");
        expect(downloadUrl(12)).toBe("/parley/artifact/12/download");
        expect(downloadUrl(12, "svg")).toBe("/parley/artifact/12/download?format=svg");
        expect(viewUrl(12.7)).toBe("/parley/artifact/12/view");
    });

    it("never lets an artifact frame run script", () => {
        expect(VIEW_SANDBOX.split(" ")).toEqual(["allow-same-origin"]);
        expect(PRINT_SANDBOX.split(" ").sort()).toEqual(["allow-modals", "allow-same-origin"]);
    });
});
