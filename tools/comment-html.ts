import * as fs from "fs";
import MarkdownIt from "markdown-it";

/**
 * The pull-request comment as a page, to look at it as GitHub shows it: CommonMark with HTML (GitHub
 * renders <details> and its own alert blockquotes), tables, GitHub-like CSS, Mermaid left as code.
 * `node dist/tools/comment-html.js <comment.md> <page.html>`, then e.g.
 * `chromium --headless --screenshot=shot.png --window-size=1280,4000 page.html`.
 */
const CSS = `
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 900px; margin: 16px auto; }
table { border-collapse: collapse; display: block; overflow: auto; max-width: 100%; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) { background: #f6f8fa; }
code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font-size: 85%; }
pre { background: #f6f8fa; padding: 16px; overflow: auto; border-radius: 6px; }
pre code { background: none; padding: 0; }
blockquote { border-left: .25em solid #d1d9e0; color: #59636e; margin: 0; padding: 0 1em; }
details { margin: 8px 0; } summary { cursor: pointer; }
h2 { border-bottom: 1px solid #d1d9e0; }
`;

export function commentHtml(markdown: string, open: boolean): string {
    const body = new MarkdownIt({ html: true, linkify: false }).render(markdown);
    // Screenshots open every <details>, so what is folded can be checked too.
    return `<!doctype html><meta charset="utf-8"><style>${CSS}</style><body>${open ? body.replace(/<details>/g, "<details open>") : body}</body>`;
}

if (require.main === module) {
    const [input, output, flag] = process.argv.slice(2);
    if (!input || !output) {
        process.stderr.write("usage: node dist/tools/comment-html.js <comment.md> <page.html> [--open]\n");
        process.exit(2);
    }
    fs.writeFileSync(output, commentHtml(fs.readFileSync(input, "utf8"), flag === "--open"));
}
