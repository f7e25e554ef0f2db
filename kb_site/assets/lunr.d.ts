// For `tsc` only (never shipped): search_ru.js runs in Material's search worker, after lunr and its
// Russian support; it patches lunr's pipeline and query parser (typed where search_ru.js uses them).
declare const lunr: any;
