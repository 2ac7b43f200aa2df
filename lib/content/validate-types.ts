/** One thing an author must fix: the file (relative to the repository), its line, and what is wrong. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}
