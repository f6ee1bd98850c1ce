/** exceljs's internal helpers, reached only to turn off its second entity-decoding pass (readers.ts). */
declare module "exceljs/lib/utils/utils.js" {
  const utils: { xmlDecode(text: string): string };
  export default utils;
}
