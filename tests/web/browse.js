// browse.js: the web editions in a real browser (tests/web.sh).
//
//   node browse.js OUTDIR PAGE.html...
//
// One headless Debian Chromium (CHROMIUM, default /usr/bin/chromium),
// driven by puppeteer-core, opens every page at 375 and 1280 CSS pixels
// and runs axe-core with the tags wcag2a, wcag2aa, wcag21a and wcag21aa.
// For each page and width it prints one line:
//
//   page NAME WIDTH violations=N scroll=PX
//
// followed by a line per violation ("  RULE: HELP (TARGET)"); scroll is
// how far the page itself scrolls sideways (0 when it reflows). For the
// pages named in SHOTS (comma separated base names) it writes screenshots
// OUTDIR/NAME-375.png and OUTDIR/NAME-1280.png of the top of the page and
// OUTDIR/NAME-WIDTH-table.png of its first table or chart. Loads nothing
// from the network: every request that is not the file itself is refused.
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"),
                                  "utf8");

async function main() {
    const [outdir, ...pages] = process.argv.slice(2);
    const shots = new Set((process.env.SHOTS || "").split(",").filter(Boolean));
    const browser = await puppeteer.launch({
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--font-render-hinting=none"],
    });
    let failed = 0;
    const lines = new Map(); // "page width" -> its lines, printed in order
    // one width per browser context (a renderer process of its own), the
    // two run side by side on the machine's two cores
    async function run(width) {
        const ctx = await browser.createBrowserContext();
        const page = await ctx.newPage();
        await page.setRequestInterception(true);
        page.on("request", (req) => {
            const u = req.url();
            if (u.startsWith("file:") || u.startsWith("data:"))
                req.continue();
            else
                req.abort();
        });
        await page.setViewport({width, height: 900});
        for (const file of pages) {
            const name = path.basename(file, ".html");
            const url = "file://" + path.resolve(file);
            await page.goto(url, {waitUntil: "load"});
            await page.addScriptTag({content: axeSource});
            const res = await page.evaluate(async () => {
                const r = await window.axe.run(document, {
                    runOnly: {type: "tag",
                              values: ["wcag2a", "wcag2aa", "wcag21a",
                                       "wcag21aa"]},
                    resultTypes: ["violations"],
                });
                return r.violations.map((v) => ({
                    id: v.id, help: v.help,
                    targets: v.nodes.slice(0, 3).map((n) =>
                        n.target.join(" ")),
                }));
            });
            const scroll = await page.evaluate(
                () => document.documentElement.scrollWidth -
                      document.documentElement.clientWidth);
            const out = [`page ${name} ${width} violations=${res.length} ` +
                         `scroll=${scroll}`];
            for (const v of res)
                out.push(`  ${v.id}: ${v.help} (${v.targets.join(", ")})`);
            lines.set(`${file} ${width}`, out);
            if (res.length || scroll > 0)
                failed++;
            if (shots.has(name)) {
                await page.screenshot(
                    {path: path.join(outdir, `${name}-${width}.png`)});
                const el = await page.$("figure.chart, div.table");
                if (el) {
                    await el.scrollIntoView();
                    await page.screenshot({
                        path: path.join(outdir,
                                        `${name}-${width}-table.png`)});
                }
            }
        }
        await ctx.close();
    }
    try {
        await Promise.all([run(375), run(1280)]);
    } finally {
        await browser.close();
        for (const file of pages)
            for (const width of [375, 1280])
                for (const l of lines.get(`${file} ${width}`) || [])
                    console.log(l);
    }
    process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
    console.error("browse.js: " + (e && e.stack ? e.stack : e));
    process.exitCode = 2;
});
