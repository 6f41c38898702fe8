/** Reply classes by first digit (RFC 5321 §4.2.1): declared in shared/ for the engine, the diagnosis and the renderer. */
export { isPositive } from '../../../shared/reply-class.ts';
