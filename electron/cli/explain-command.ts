/** `smtp-probe explain "550 5.7.1 Relaying denied"`: the offline explanation of a reply. */
import { EXIT_CODES } from '../../shared/exit-codes.ts';
import { explainReply, type ReplyExplanation } from '../../shared/explain.ts';
import { visibleText } from '../../shared/visible-text.ts';
import type { CliIo } from './check-command.ts';

/** The text-level paragraph: who said it, what it means, how to fix it and where the receiver documents it. */
function knownReplyLines(e: ReplyExplanation): string[] {
  if (!e.receiver || !e.cause) return [];
  const lines = [`${e.receiver}: ${e.cause}`];
  if (e.fix?.length) lines.push('', 'How to fix:', ...e.fix.map((step) => `  - ${step}`));
  if (e.link) lines.push('', `See: ${e.link.title} <${e.link.url}>`);
  if (e.blocklist && e.blocklist.delist.url !== e.link?.url) lines.push(`Removal: ${e.blocklist.delist.title} <${e.blocklist.delist.url}>`);
  // The cause and fix carry values copied from the server's text (an IP, a domain).
  return [...lines.map(visibleText), ''];
}

export function runExplainCommand(input: string, flags: { json?: boolean }, io: CliIo): number {
  if (input.length > 65_536) {
    io.stderr.write('smtp-probe explain: the text is too long (at most 64 KiB)\n');
    return EXIT_CODES.usage;
  }
  const e = explainReply(input);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
    return e.recognized ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (!e.recognized) {
    io.stderr.write(`smtp-probe explain: no reply code found in "${visibleText(input)}". Give a reply line ("550 5.7.1 ..."), a code ("421") or an enhanced code ("5.1.1").\n`);
    return EXIT_CODES.usage;
  }
  const out = [...knownReplyLines(e), visibleText(e.summary), ''];
  if (e.classMeaning) out.push(`Class ${e.classMeaning.digit}: ${e.classMeaning.title}. ${e.classMeaning.meaning}`);
  if (e.codeMeaning) out.push(`${e.codeMeaning.code}: ${e.codeMeaning.title}. ${e.codeMeaning.meaning}${e.codeMeaning.known ? '' : ' (not a standard code; explained by its first digit)'}`);
  if (e.enhancedMeaning) {
    const m = e.enhancedMeaning;
    const [cls = '', subject = '', detail = ''] = m.code.split('.');
    const parts: Array<[string, typeof m.class]> = [[`${cls}.X.X`, m.class], [`X.${subject}.X`, m.subject], [`X.${subject}.${detail}`, m.detail]];
    for (const [label, part] of parts) if (part) out.push(`${label}: ${part.title}. ${part.description}`);
    if (!m.known) out.push(`${m.code}: not in the IANA registry of enhanced status codes.`);
  }
  if (e.likelyCauses.length) out.push('', 'Likely causes:', ...e.likelyCauses.map((c) => `  - ${c}`));
  if (e.whatToDo.length) out.push('', 'What to do:', ...e.whatToDo.map((c) => `  - ${c}`));
  if (e.notes.length) out.push('', 'Notes:', ...e.notes.map((c) => `  - ${c}`));
  io.stdout.write(`${out.join('\n')}\n`);
  return EXIT_CODES.ok;
}
