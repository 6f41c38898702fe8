/**
 * Checks that an export carrying hostile server text stays inert where it is opened: the Markdown
 * as a ticket system renders it (markdown-it with raw HTML allowed and no link filter), the HTML as
 * a browser parses it (happy-dom), the JSON pasted into a page's script block.
 */
import { Window } from 'happy-dom';
import type { Document } from 'happy-dom';
import MarkdownIt from 'markdown-it';
import { expect } from 'vitest';
import { HTML_EXPORT_CSP } from '../../shared/report-format.ts';
import type { ReportFormat } from '../../shared/report-format.ts';

/** Markup a hostile server or DNS answer can carry, each of which must come out as text. */
export const MARKUP_PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '![](https://evil.example/t.png)',
  '<script>alert(2)</script>',
  '<https://evil.example/autolink>',
  '\\<b>escaped-tag</b>',
  '&lt;i&gt;entity&lt;/i&gt;',
  '``` `` ` ticks',
] as const;

/** Elements our own Markdown can make: headings, lists, emphasis, code, the steps table. */
const MARKDOWN_ELEMENTS = new Set(['H1', 'H2', 'UL', 'LI', 'P', 'STRONG', 'EM', 'CODE', 'PRE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'BR']);
/** Elements of the HTML export's template. */
const HTML_ELEMENTS = new Set(['HTML', 'HEAD', 'META', 'TITLE', 'STYLE', 'BODY', 'H1', 'H2', 'P', 'TABLE', 'TBODY', 'TR', 'TH', 'TD', 'UL', 'LI', 'B', 'I', 'CODE', 'BR', 'DIV', 'SPAN']);
/** `style`: the timing waterfall places its bars and axis marks with numbers of our own. */
const HTML_ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'class', 'style', 'aria-hidden']);

function parseHtml(html: string): Document {
  const window = new Window();
  return new window.DOMParser().parseFromString(html, 'text/html');
}

function tagNames(doc: Document): string[] {
  return [...doc.querySelectorAll('*')].map((e) => e.tagName.toUpperCase());
}

/** A permissive ticket renderer: raw HTML on, autolinks on, no javascript: filter. */
export function renderMarkdownLikeATicket(markdown: string, linkify: boolean): string {
  const md = new MarkdownIt({ html: true, linkify });
  md.validateLink = () => true;
  return md.render(markdown);
}

function expectInertMarkdown(markdown: string, payloads: readonly string[]): void {
  const strict = parseHtml(renderMarkdownLikeATicket(markdown, false));
  expect(tagNames(strict).filter((t) => !MARKDOWN_ELEMENTS.has(t) && !['HTML', 'HEAD', 'BODY'].includes(t))).toEqual([]);
  for (const p of payloads) expect(strict.body.textContent).toContain(p);

  // With autolinks on (GFM ticket systems), a URL in server text may become a plain http(s) link; never an image or a script link.
  const linked = parseHtml(renderMarkdownLikeATicket(markdown, true));
  expect(linked.querySelectorAll('img, script, iframe, object, embed, svg, style').length).toBe(0);
  for (const a of linked.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').toMatch(/^https?:\/\//);
}

function expectInertHtml(html: string, payloads: readonly string[]): void {
  const doc = parseHtml(html);
  const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
  expect(csp?.getAttribute('content')).toBe(HTML_EXPORT_CSP);
  // The policy must come before anything the server wrote: first in <head> after the charset.
  expect([...doc.head.children].slice(0, 2).map((e) => e.getAttribute('http-equiv') ?? e.getAttribute('charset'))).toEqual(['utf-8', 'Content-Security-Policy']);
  expect(tagNames(doc).filter((t) => !HTML_ELEMENTS.has(t))).toEqual([]);
  const attributes = [...doc.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name));
  expect(attributes.filter((a) => !HTML_ATTRIBUTES.has(a))).toEqual([]);
  for (const p of payloads) expect(doc.body.textContent).toContain(p);
}

function expectInertJson(json: string, payloads: readonly string[]): void {
  expect(json).not.toMatch(/[<>&\u2028\u2029]/);
  const text = JSON.stringify(JSON.parse(json));
  for (const p of payloads) expect(text).toContain(JSON.stringify(p).slice(1, -1));
  // Pasted into a page, it stays one script element whose text is the whole report.
  const doc = parseHtml(`<!doctype html><script type="application/json">${json}</script><p>after</p>`);
  expect(tagNames(doc).sort()).toEqual(['BODY', 'HEAD', 'HTML', 'P', 'SCRIPT']);
  expect(JSON.parse(doc.querySelector('script')?.textContent ?? '')).toEqual(JSON.parse(json));
}

/** Every format of one report: each payload shown literally, none of them markup. */
export function expectInertExports(exports: Record<ReportFormat, string>, payloads: readonly string[]): void {
  for (const p of payloads) expect(exports.txt).toContain(p);
  expectInertMarkdown(exports.md, payloads);
  expectInertHtml(exports.html, payloads);
  expectInertJson(exports.json, payloads);
}
