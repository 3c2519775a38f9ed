/**
 * Text from the input (an application name in a log, a file name, a flag value) must not drive the
 * terminal: an ESC sequence could clear the screen, rewrite lines or set the title, a carriage return
 * could hide what precedes it, bidi overrides could reorder what is shown. Every text report and error
 * line passes through here: control characters are shown as \xNN (\u202E for the bidi ones), except the
 * newlines and tabs of the layout, and our own colour (SGR) when colour is on.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).toUpperCase()}`;
}

/** A multi-line report: newlines and tabs kept; SGR colour kept only when `color`. */
export function terminalText(text: string, color = false): string {
  return text.replace(UNSAFE, (m) => (m.length > 1 && color ? m : visible(m.charAt(0)) + m.slice(1)));
}

/** One line (an error): newlines and tabs shown too, so the message stays on its line. */
export function terminalLine(text: string): string {
  return terminalText(text).replace(/[\n\t]/g, visible);
}
