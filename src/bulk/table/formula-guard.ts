/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a cell starting with = + - @, tab or carriage
 * return is run as a formula when a CSV or XLSX file is opened in a spreadsheet. Such cells are written
 * with a leading apostrophe, the spreadsheets' own mark for "this is text", and read back without it, so
 * an export imported again is exact. Plain numbers ("-5", "+3.5") are not formulas and stay as they are.
 */
const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(\.\d+)?$/;

function looksLikeFormula(text: string): boolean {
  const unmarked = text.replace(/^'+/, "");
  return formulaStart.test(unmarked) && !plainNumber.test(unmarked);
}

/** The cell as written: one more apostrophe in front of anything a spreadsheet would run. */
export function guardFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** The cell as read: the apostrophe guardFormula (or a spreadsheet user) put in front of a formula-like text removed. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && looksLikeFormula(text) ? text.slice(1) : text;
}
