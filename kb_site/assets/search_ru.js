// @ts-check
// Appended by the kb plugin to Material's lunr.ru.min.js, so it runs inside the
// search worker right after lunr's Russian support is loaded (see kb_site/search.py).
(function () {
  "use strict";
  if (typeof lunr === "undefined" || !lunr.ru || !lunr.ru.stemmer) return;
  var WORD = /^[а-яё]+$/;
  var SHORT = 3;  // a stem this short is matched whole, never as a prefix
  /** @typedef {{term: unknown, usePipeline?: boolean, wildcard: number, boost?: number}} Clause a term of a lunr query (lunr sets its wildcard) */
  /** @param {string} word */
  var fold = function (word) { return word.replace(/ё/g, "е"); };
  /** @param {string} word */
  var stem = function (word) { return word.length > SHORT ? lunr.ru.stemmer(new lunr.Token(word)).toString() : word; };
  // Function words only: lunr's own Russian list also drops «года», «три», «более», «лет»,
  // which are the point of queries such as «раз в три года» or «более 500 часов».
  var FUNCTION_WORDS = new Set((
    "а без бы в во вы где для до если же за и из или им их к как какая какие какой когда ко " +
    "кто ли мне мой мы на над надо не нужно о об обо он она они от по под при про с со так " +
    "то у что чтобы это я"
  ).split(" "));

  // Index side: fold ё, and index words whose stem is short by that stem («часа», «часов»
  // become «час»), so that a query finds all their forms without a prefix that would also
  // match «частичный». Longer words stay as written; queries reach their forms by prefix.
  /** @param {string} word */
  var normalise = function (word) {
    var folded = fold(word);
    if (!WORD.test(folded)) return folded;
    var base = stem(folded);
    return base.length <= SHORT ? base : folded;
  };
  var run = lunr.Pipeline.prototype.run;
  lunr.Pipeline.prototype.run = /** @param {{update(change: (word: string) => string): void}[]} tokens */ function (tokens) {
    tokens.forEach(function (token) { token.update(normalise); });
    return run.call(this, tokens);
  };

  // Query side: Material's worker parses every query with lunr.QueryParser, both to search
  // and to mark which words matched, so rewriting the terms here keeps the two in step.
  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this);
    /** @param {Clause} clause */
    var bare = function (clause) {
      // Quotes typed around words («круглый стол», "стол") are not part of them.
      return fold(String(clause.term).toLowerCase().replace(/[«»„“"]/g, ""));
    };
    var kept = query.clauses.filter(/** @param {Clause} clause */ function (clause) {
      var word = bare(clause).replace(/^\*+|\*+$/g, "");
      return word && !FUNCTION_WORDS.has(word);
    });
    if (kept.length) query.clauses = kept;  // a query of function words only is searched as typed
    query.clauses.forEach(/** @param {Clause} clause */ function (clause) {
      var term = bare(clause);
      clause.term = term;
      clause.usePipeline = false;
      // A number or a clause number is matched whole («1 сентября» must not find «15 сентября»)
      // and weighs more: whoever types «72 часа» or «пункт 5.2» means that number. (Not
      // REQUIRED: lunr would then demand it in every field, the heading and the text alike.)
      if (/^\d+(\.\d+)*\*?$/.test(term)) {
        clause.term = term.replace(/\*$/, "");
        clause.wildcard = lunr.Query.wildcard.NONE;
        clause.boost = (clause.boost || 1) * 10;
        return;
      }
      var match = /^(\**)([а-яе]+)(\**)$/.exec(term);
      if (!match) return;
      var base = stem(match[2]);
      if (base.length <= SHORT) {  // indexed by this very stem (see normalise)
        clause.term = base;
        clause.wildcard = lunr.Query.wildcard.NONE;
        return;
      }
      clause.term = match[1] + base + "*";  // lunr reads the wildcard from the term
      clause.wildcard = clause.wildcard | lunr.Query.wildcard.TRAILING;
    });
    return query;
  };
})();
