// Appended by the kb plugin to Material's lunr.ru.min.js, so it runs inside the
// search worker right after lunr's Russian support is loaded (see kb_site/search.py).
(function () {
  "use strict";
  if (typeof lunr === "undefined" || !lunr.ru || !lunr.ru.stemmer) return;
  var CYRILLIC = /^[а-яё]+$/;
  var fold = function (word) { return word.replace(/ё/g, "е"); };
  var stem = function (word) { return lunr.ru.stemmer(new lunr.Token(word)).toString(); };
  var isStopWord = function (word) { return !lunr.ru.stopWordFilter(new lunr.Token(word)); };

  // Index side: every token passes the pipeline, so fold ё there; the page text keeps it.
  var run = lunr.Pipeline.prototype.run;
  lunr.Pipeline.prototype.run = function (tokens) {
    tokens.forEach(function (token) { token.update(fold); });
    return run.call(this, tokens);
  };

  // Query side: Material's worker parses every query with lunr.QueryParser, both to search
  // and to mark which words matched, so stemming here keeps the two in step.
  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this);
    var clauses = query.clauses;
    var kept = clauses.filter(function (clause) {
      var bare = fold(String(clause.term).toLowerCase().replace(/^\*+|\*+$/g, ""));
      return !(CYRILLIC.test(bare) && isStopWord(bare));
    });
    if (kept.length) query.clauses = kept;  // a query of stop words only is searched as typed
    query.clauses.forEach(function (clause) {
      var term = String(clause.term).toLowerCase();
      var match = /^(\**)([а-яё]+)(\**)$/.exec(term);
      if (!match) return;
      var word = fold(match[2]);
      // Short words are left whole: stemming «сроки» to «срок» is right, «лет» to «л» is not.
      var base = word.length > 3 ? stem(word) : word;
      clause.term = match[1] + base + (match[3] || "*");  // lunr reads the wildcard from the term
      clause.wildcard = clause.wildcard | lunr.Query.wildcard.TRAILING;
      clause.usePipeline = false;
    });
    return query;
  };
})();
