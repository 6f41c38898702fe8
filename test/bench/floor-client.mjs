// The least any Node program does for the start-up bench's session, for its "floor" row: one
// file, no framework, no checks beyond the 250 after the message. The same session as the CLI's
// (STARTTLS, AUTH PLAIN, one recipient, QUIT); the EHLO after TLS waits for the session ticket as
// the CLI does on loopback. Usage: node floor-client.mjs PORT CA_FILE SERVERNAME USER ADDRESS (password in STARTUP_BENCH_PASSWORD).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const [port, caFile, servername, user, address] = process.argv.slice(2);
let socket = net.connect({ host: '127.0.0.1', port: Number(port) });
socket.setNoDelay(true);
let buffered = '';
let waiter;
const complete = () => /(^|\n)\d{3} [^\n]*\n$/.test(buffered);
const onData = (chunk) => {
  buffered += chunk.toString('latin1');
  if (waiter && complete()) {
    const [resolve, text] = [waiter, buffered];
    waiter = undefined;
    buffered = '';
    resolve(text);
  }
};
socket.on('data', onData);
const reply = () => new Promise((resolve) => (waiter = resolve));
const command = (line) => (socket.write(`${line}\r\n`), reply());

await reply();
await command('EHLO client.probe.test');
await command('STARTTLS');
socket.removeListener('data', onData);
const context = tls.createSecureContext();
context.context.addCACert(readFileSync(caFile, 'utf8'));
const secure = tls.connect({ socket, servername, secureContext: context });
const ticket = new Promise((resolve) => secure.once('session', resolve));
await new Promise((resolve) => secure.once('secureConnect', resolve));
if (!secure.authorized) throw new Error(`certificate not trusted: ${secure.authorizationError}`);
await ticket;
await new Promise((resolve) => setImmediate(resolve));
socket = secure;
socket.on('data', onData);
await command('EHLO client.probe.test');
await command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${process.env.STARTUP_BENCH_PASSWORD}`).toString('base64')}`);
await command(`MAIL FROM:<${address}>`);
await command(`RCPT TO:<${address}>`);
await command('DATA');
const headers = `From: ${address}\r\nTo: ${address}\r\nSubject: startup bench\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${Date.now()}@client.probe.test>`;
const accepted = await command(`${headers}\r\n\r\nstartup bench\r\n.`);
if (!accepted.startsWith('250')) throw new Error(accepted);
await command('QUIT');
socket.destroy();
