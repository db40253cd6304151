/** Upload names: the last path component only, no control characters, never hidden, never empty, bounded. */
import { describe, expect, it } from "vitest";
import { numberedName, sanitizeName } from "../../src/live/names.ts";

describe("sanitizeName", () => {
  it("keeps the last path component of either separator", () => {
    expect(sanitizeName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeName("C:\\Users\\张三\\规划.pdf")).toBe("规划.pdf");
    expect(sanitizeName("a/b/../..")).toBe("upload");
  });
  it("drops control and format characters and unsafe ones", () => {
    expect(sanitizeName("规\u0000划\u0007\u202e.txt")).toBe("规划.txt");
    expect(sanitizeName("a<b>c:d|e?f*g\".md")).toBe("a_b_c_d_e_f_g_.md");
    expect(sanitizeName("line\nbreak.txt")).toBe("linebreak.txt");
    expect(sanitizeName("a \t  b.txt")).toBe("a b.txt");
  });
  it("never makes a hidden, empty or dot name", () => {
    expect(sanitizeName(".bashrc")).toBe("bashrc");
    expect(sanitizeName("...")).toBe("upload");
    expect(sanitizeName("")).toBe("upload");
    expect(sanitizeName("~$lock.docx")).toBe("lock.docx");
    expect(sanitizeName("plan.txt. . ")).toBe("plan.txt");
  });
  it("bounds the length in bytes and keeps the extension", () => {
    const long = sanitizeName(`${"规".repeat(200)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(180);
    expect(long.endsWith("规.pdf")).toBe(true);
  });
  it("normalises to NFC", () => {
    expect(sanitizeName("e\u0301.txt")).toBe("\u00e9.txt");
  });
  it("numbers alternatives before the extension", () => {
    expect(numberedName("plan.pdf", 2)).toBe("plan (2).pdf");
    expect(numberedName("README", 3)).toBe("README (3)");
  });
});
