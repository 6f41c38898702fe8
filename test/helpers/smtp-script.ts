/**
 * A line handler for hostile-server scenarios: a well-behaved ESMTP dialogue (basicReply) in
 * which single commands are overridden. Keys are verbs ("EHLO", "MAIL", "STARTTLS", "AUTH", ...),
 * "DOT" for the end of the message, "EHLO_TLS" for EHLO after TLS. A string value is written as
 * one segment; a function gets the line and the context and does what it wants.
 */
import { basicReply, type Scenario, type ScenarioContext } from './hostile-server.ts';

export type ScriptAction = string | ((line: string, ctx: ScenarioContext) => void);

export interface ScriptOptions {
  /** EHLO extensions before TLS. */
  extensions?: string[];
  /** EHLO extensions after TLS (defaults to `extensions` without STARTTLS). */
  tlsExtensions?: string[];
}

export function script(overrides: Record<string, ScriptAction>, options: ScriptOptions = {}): NonNullable<Scenario['onLine']> {
  const inData = new WeakMap<ScenarioContext, boolean>();
  const extensions = options.extensions ?? ['PIPELINING', 'SIZE 1000000', '8BITMIME', 'ENHANCEDSTATUSCODES'];
  const tlsExtensions = options.tlsExtensions ?? extensions.filter((e) => e !== 'STARTTLS');
  return (line, ctx) => {
    if (inData.get(ctx)) {
      if (line !== '.') return;
      inData.set(ctx, false);
      return run(overrides.DOT ?? '250 2.0.0 Ok: queued as 4BXYZ\r\n', line, ctx);
    }
    const verb = (line.split(/[ :]/)[0] ?? '').toUpperCase();
    const key = verb === 'EHLO' && ctx.secure && overrides.EHLO_TLS !== undefined ? 'EHLO_TLS' : verb;
    const action = overrides[key];
    if (action !== undefined) {
      if (verb === 'DATA' && (typeof action === 'string' ? action.startsWith('354') : false)) inData.set(ctx, true);
      return run(action, line, ctx);
    }
    if (verb === 'STARTTLS') {
      ctx.write('220 2.0.0 Ready to start TLS\r\n');
      ctx.startTls();
      return;
    }
    if (verb === 'DATA') inData.set(ctx, true);
    const reply = basicReply(line, ctx.secure ? tlsExtensions : extensions);
    if (verb === 'QUIT') return ctx.end(reply);
    ctx.write(reply ?? '502 5.5.2 unknown command\r\n');
  };
}

function run(action: ScriptAction, line: string, ctx: ScenarioContext): void {
  if (typeof action === 'string') ctx.write(action);
  else action(line, ctx);
}
