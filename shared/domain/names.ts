/**
 * An agency's name as running text. Headers print names in capitals ("TỔNG CỤC THI HÀNH ÁN DÂN SỰ"), and
 * the proper casing inside a sentence ("Tổng cục Thi hành án dân sự") is not derivable by rule, so an
 * all-caps name keeps only its first letter capital; a name already in mixed case is kept as written.
 */
export function inRunningText(name: string): string {
  if (name !== name.toUpperCase()) return name;
  const lower = name.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}
