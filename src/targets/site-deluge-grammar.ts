/**
 * A small TextMate grammar for Deluge, enough to colour generated `invokeurl` snippets:
 * comments, strings, numbers, keywords, `invokeurl` parameter names (`url:`, `type:`, ...),
 * built-in task calls (`zoho.encryption.urlEncode`) and HTTP methods.
 *
 * Limitations: it knows the shapes the `deluge` target writes, not the whole language; other
 * Deluge code is coloured only by comments, strings and keywords.
 */
import type { LanguageRegistration } from "shiki/core";

/** The grammar, registered with shiki under the name `deluge`. */
export const delugeGrammar: LanguageRegistration = {
  name: "deluge",
  scopeName: "source.deluge",
  patterns: [
    { include: "#comments" },
    { include: "#strings" },
    {
      name: "keyword.control.deluge",
      match: "\\b(if|else|for|each|in|return|while|break|continue|try|catch)\\b",
    },
    { name: "keyword.other.deluge", match: "\\b(invokeurl|info)\\b" },
    { name: "constant.language.deluge", match: "\\b(true|false|null)\\b" },
    { name: "constant.language.method.deluge", match: "\\b(GET|POST|PUT|PATCH|DELETE)\\b" },
    {
      name: "variable.parameter.deluge",
      match: "\\b(url|type|parameters|headers|connection|files|body|content-type)(?=\\s*:)",
    },
    { name: "entity.name.function.deluge", match: "\\bzoho(\\.[A-Za-z_][A-Za-z0-9_]*)+" },
    { name: "constant.numeric.deluge", match: "\\b\\d+(\\.\\d+)?\\b" },
  ],
  repository: {
    comments: {
      patterns: [
        { name: "comment.line.double-slash.deluge", match: "//.*$" },
        { name: "comment.block.deluge", begin: "/\\*", end: "\\*/" },
      ],
    },
    strings: {
      name: "string.quoted.double.deluge",
      begin: '"',
      end: '"',
      patterns: [{ name: "constant.character.escape.deluge", match: "\\\\." }],
    },
  },
};
