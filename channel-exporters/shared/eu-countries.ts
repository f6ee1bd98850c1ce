/**
 * The 27 EU member states by ISO 3166-1 alpha-2 code (Greece is GR here, not the EU's own EL). GPSR asks
 * for a responsible person established in the Union when the manufacturer is not, and channels such as
 * Allegro and eBay require one for those products only.
 */
const euMemberStates: ReadonlySet<string> = new Set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "));

export function isEuCountry(code: string): boolean {
  return euMemberStates.has(code.toUpperCase());
}
