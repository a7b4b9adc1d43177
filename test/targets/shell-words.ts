/**
 * A small POSIX shell word splitter for tests: quote removal for '...', "..." (with \" \\ \$ \`
 * escapes) and backslash escapes; backslash-newline and newlines are whitespace; `#` at the
 * start of a word starts a comment. `${NAME}` is kept as written (no expansion).
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let index = 0;
  const end = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  while (index < text.length) {
    const char = text[index] as string;
    if (char === "\\" && text[index + 1] === "\n") {
      end();
      index += 2;
    } else if (/\s/.test(char)) {
      end();
      index++;
    } else if (char === "#" && !inWord) {
      while (index < text.length && text[index] !== "\n") index++;
    } else if (char === "'") {
      const close = text.indexOf("'", index + 1);
      if (close === -1) throw new Error("unterminated single quote");
      word += text.slice(index + 1, close);
      inWord = true;
      index = close + 1;
    } else if (char === '"') {
      index++;
      inWord = true;
      while (text[index] !== '"') {
        if (index >= text.length) throw new Error("unterminated double quote");
        if (text[index] === "\\" && /["\\$`]/.test(text[index + 1] ?? "")) {
          word += text[index + 1];
          index += 2;
        } else {
          word += text[index];
          index++;
        }
      }
      index++;
    } else if (char === "\\") {
      word += text[index + 1] ?? "";
      inWord = true;
      index += 2;
    } else {
      word += char;
      inWord = true;
      index++;
    }
  }
  end();
  return words;
}
