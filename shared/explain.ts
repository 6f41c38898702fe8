/**
 * The offline reply explainer: "550 5.7.1 Relaying denied", "5.7.1" or "550" in, plain language out.
 * Unknown codes are explained by their first digit (RFC 5321 §4.2.1, reliability B.17).
 */
import { adviceFor } from './enhanced-status-advice.ts';
import {
  ENHANCED_CLASSES,
  lookupEnhancedCode,
  parseEnhancedCode,
  type EnhancedClassDigit,
  type EnhancedCodeInfo,
} from './enhanced-status-codes.ts';
// From match.ts, not the index: the table's link list (doc-links.ts) is the service's, not the explainer's.
import { matchKnownReply } from './known-replies/match.ts';
import type { DocLink, Receiver } from './known-replies/types.ts';
import { REPLY_CATEGORIES, REPLY_CLASSES, REPLY_CODES, type ReplyClassDigit, type ReplyClassInfo } from './reply-codes.ts';

export interface ReplyExplanation {
  input: string;
  /** Something code-like was found (a basic code and/or an enhanced code). */
  recognized: boolean;
  /** Three-digit basic reply code. */
  code?: number;
  /** Enhanced status code as written, canonicalised ("5.7.1"). */
  enhanced?: string;
  /** The rest of the reply text. */
  text?: string;
  /** Meaning of the class: the first digit (2yz..5yz), or the enhanced class when there is no basic code. */
  classMeaning?: ReplyClassInfo & { digit: string };
  /** Meaning of the second digit of the basic code. */
  categoryMeaning?: ReplyClassInfo & { digit: string };
  /** Meaning of the basic code; `known: false` when it is not in the tables and was explained by its first digit. */
  codeMeaning?: { code: number; title: string; meaning: string; source?: string; known: boolean };
  /** Meaning of the enhanced code, part by part. */
  enhancedMeaning?: { code: string; class?: EnhancedCodeInfo; subject?: EnhancedCodeInfo; detail?: EnhancedCodeInfo; known: boolean };
  likelyCauses: string[];
  whatToDo: string[];
  /** Oddities: invalid class digits, enhanced class disagreeing with the reply code. */
  notes: string[];
  /** One line: "550 5.7.1: Delivery not authorized, message refused (permanent failure)". */
  summary: string;
  /**
   * The text-level explanation, when the text is a known receiver's own wording (shared/known-replies).
   * It comes first; the code-level fields above stay as the fallback and the second paragraph.
   */
  receiver?: Receiver;
  /** What the receiver's wording means, in plain words. */
  cause?: string;
  /** Steps to fix it: the setting, cmdlet or admin-center path the receiver documents. */
  fix?: string[];
  /** The receiver's public page about it (or the blocklist's lookup page). */
  link?: DocLink;
  /** Id of the known-reply entry that matched. */
  knownReply?: string;
  /** The DNS blocklist the text named, with its lookup and removal pages. */
  blocklist?: { id: string; name: string; lookup: DocLink; delist: DocLink };
}

const BASIC_LINE = /^(\d{3})(?:([ -])(.*))?$/;
const ENHANCED_PREFIX = /^(\d{1,3}\.\d{1,3}\.\d{1,3})(?:\s+(.*))?$/;

export interface ParsedReply {
  code?: number;
  enhanced?: string;
  text?: string;
}

/** Accepts one or many reply lines ("250-a\n250 b"), a bare code, or a bare enhanced code. */
export function parseReplyInput(input: string): ParsedReply {
  const lines = input
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const first = lines[0];
  if (first === undefined) return {};
  const basic = BASIC_LINE.exec(first);
  if (!basic) {
    const enhancedOnly = ENHANCED_PREFIX.exec(first);
    if (!enhancedOnly) return { text: lines.join('\n') };
    const parsed: ParsedReply = { enhanced: enhancedOnly[1] };
    const rest = [enhancedOnly[2] ?? '', ...lines.slice(1)].filter((s) => s.length > 0);
    if (rest.length > 0) parsed.text = rest.join('\n');
    return parsed;
  }
  const code = Number(basic[1]);
  // Text of every line with the same code prefix removed.
  const texts = lines.map((line) => {
    const m = BASIC_LINE.exec(line);
    return m ? (m[3] ?? '') : line;
  });
  const parsed: ParsedReply = { code };
  const enhanced = ENHANCED_PREFIX.exec(texts[0] ?? '');
  if (enhanced) {
    parsed.enhanced = enhanced[1];
    texts[0] = enhanced[2] ?? '';
    // Later lines of a multi-line reply repeat the enhanced code; drop the repeats.
    for (let i = 1; i < texts.length; i++) {
      const again = ENHANCED_PREFIX.exec(texts[i] ?? '');
      if (again && again[1] === parsed.enhanced) texts[i] = again[2] ?? '';
    }
  }
  const text = texts.filter((s) => s.length > 0).join('\n');
  if (text.length > 0) parsed.text = text;
  return parsed;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function classFallback(digit: string | undefined): { causes: string[]; actions: string[] } {
  switch (digit) {
    case '4':
      return { causes: ['A temporary condition on the server side (load, greylisting, rate limit, a backend down).'], actions: ['Retry later; if it persists, read the reply text and the server logs.'] };
    case '5':
      return { causes: ['The server refuses the command permanently; repeating it unchanged will fail again.'], actions: ['Read the reply text: it usually names the reason. Change the address, login or message accordingly.'] };
    default:
      return { causes: [], actions: [] };
  }
}

export function explainReply(input: string): ReplyExplanation {
  const parsed = parseReplyInput(input);
  const result: ReplyExplanation = { input, recognized: false, likelyCauses: [], whatToDo: [], notes: [], summary: '' };
  if (parsed.text !== undefined) result.text = parsed.text;
  const causes: string[] = [];
  const actions: string[] = [];

  let classDigit: string | undefined;
  if (parsed.code !== undefined) {
    result.recognized = true;
    result.code = parsed.code;
    const digits = String(parsed.code);
    classDigit = digits[0];
    const second = digits[1] ?? '';
    const cls = (REPLY_CLASSES as Record<string, ReplyClassInfo>)[classDigit ?? ''];
    if (cls) result.classMeaning = { digit: classDigit ?? '', ...cls };
    else result.notes.push(`The first digit ${classDigit} is not a valid SMTP reply class (only 2, 3, 4 and 5 exist); a client must treat this reply as a protocol error.`);
    const category = (REPLY_CATEGORIES as Record<string, ReplyClassInfo>)[second];
    if (category && cls) result.categoryMeaning = { digit: second, ...category };
    const info = REPLY_CODES[parsed.code];
    if (info) {
      result.codeMeaning = { code: parsed.code, title: info.title, meaning: info.meaning, source: info.source, known: true };
      causes.push(...info.causes);
      actions.push(...info.actions);
    } else {
      result.codeMeaning = {
        code: parsed.code,
        title: `Unknown code ${parsed.code}`,
        meaning: cls ? `Not a standard code; by its first digit: ${cls.meaning}` : 'Not a valid SMTP reply code.',
        known: false,
      };
    }
  }

  if (parsed.enhanced !== undefined) {
    const enhanced = parseEnhancedCode(parsed.enhanced);
    if (enhanced) {
      result.recognized = true;
      result.enhanced = enhanced.code;
      const lookup = lookupEnhancedCode(enhanced.code);
      result.enhancedMeaning = { code: enhanced.code, ...lookup, known: lookup.detail !== undefined && enhanced.validClass };
      if (!enhanced.validClass) {
        result.notes.push(`${enhanced.code} is not a valid enhanced status code: the class must be 2, 4 or 5 (RFC 3463 §2).`);
      }
      if (classDigit !== undefined && enhanced.validClass && enhanced.class !== classDigit) {
        result.notes.push(`The enhanced code class ${enhanced.class} disagrees with the reply code ${parsed.code}; the reply code wins (RFC 3463 §2).`);
      }
      if (classDigit === undefined && enhanced.validClass) {
        classDigit = enhanced.class;
        const cls = REPLY_CLASSES[enhanced.class as ReplyClassDigit];
        result.classMeaning = { digit: enhanced.class, title: ENHANCED_CLASSES[enhanced.class as EnhancedClassDigit].title, meaning: cls.meaning };
      }
      if (enhanced.validClass) {
        const advice = adviceFor(enhanced.code);
        if (advice) {
          // The enhanced code is more specific than the basic code: its advice replaces the
          // basic code's, which would mostly repeat it in vaguer words.
          causes.splice(0, causes.length, ...advice.causes);
          actions.splice(0, actions.length, ...advice.actions);
        }
      }
    }
  }

  if (causes.length === 0 && actions.length === 0) {
    const fallback = classFallback(classDigit);
    causes.push(...fallback.causes);
    actions.push(...fallback.actions);
  }
  result.likelyCauses = unique(causes);
  result.whatToDo = unique(actions);
  addKnownReply(result, parsed);
  result.summary = summarize(result);
  return result;
}

/** The text-level explanation: a reply whose text is a known receiver's wording is recognised even without a code. */
function addKnownReply(result: ReplyExplanation, parsed: ParsedReply): void {
  if (parsed.text === undefined) return;
  const m = matchKnownReply({ code: parsed.code, enhanced: result.enhanced ?? parsed.enhanced, text: parsed.text });
  if (!m) return;
  result.recognized = true;
  result.receiver = m.receiver;
  result.cause = m.cause;
  result.fix = m.fix;
  result.link = m.link;
  result.knownReply = m.entry.id;
  if (m.list) result.blocklist = { id: m.list.id, name: m.list.name, lookup: m.list.lookup, delist: m.list.delist };
}

function summarize(r: ReplyExplanation): string {
  if (r.code === undefined && r.enhanced === undefined && r.receiver) return `${r.receiver}'s own wording, without a reply code`;
  if (!r.recognized) return 'No SMTP reply code found: expected something like "550 5.7.1 ..." or "5.1.1" or "421".';
  const label = [r.code, r.enhanced].filter((x) => x !== undefined).join(' ');
  const detail = r.enhancedMeaning?.known ? r.enhancedMeaning.detail?.title : undefined;
  const what = detail ?? (r.codeMeaning?.known ? r.codeMeaning.title : undefined);
  const cls = r.classMeaning ? r.classMeaning.title.replace(/ \(.*\)$/, '').toLowerCase() : 'invalid class';
  if (what) return `${label}: ${what} (${cls})`;
  return `${label}: unknown code; by its first digit: ${cls}`;
}
