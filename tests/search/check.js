// check.js SITE REORG_SITE - the search's ranking (templates/static/site.js)
// on the unit lists the program wrote (don-vi/tim-kiem.js of the sample and
// of the reorganisation fixture) and on a few made-up names.  One line
// "RESULT ok|fail CASE" per case, then "DONE N"; tests/checks/search.sh
// counts them.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const S = require(path.join(__dirname, "../../templates/static/site.js"));

let n = 0;
function result(ok, what, details) {
  n++;
  console.log("RESULT " + (ok ? "ok" : "fail") + " " + what);
  if (!ok && details) console.log("    " + details);
}

function load(site) {
  const w = {};
  vm.runInNewContext(fs.readFileSync(path.join(site, "don-vi/tim-kiem.js"), "utf8"), { window: w });
  return w.mbUnits.map(S.entry);
}

function names(found, k) {
  return found.slice(0, k).map((e) => e.name + (e.parent ? " (" + e.parent + ")" : "") + (e.former ? " [cũ]" : ""));
}

// The first results are exactly these names, in this order.
function first(index, q, want) {
  const got = names(S.search(index, q), want.length).map((s) => s.replace(/ \(.*$/, "").replace(/ \[cũ\]$/, ""));
  result(JSON.stringify(got) === JSON.stringify(want), "\"" + q + "\" lists first: " + want.join(", "),
    "got: " + names(S.search(index, q), Math.max(want.length, 5)).join(" | "));
}

// Every result passes test(e), and there are `count` of them (or any when count is null).
function every(index, q, count, test, what) {
  const found = S.search(index, q);
  const bad = found.filter((e) => !test(e));
  result(bad.length === 0 && (count === null || found.length === count),
    "\"" + q + "\": " + what, "found " + found.length + ": " + names(found, 8).join(" | ") +
    (bad.length ? "; unexpected: " + names(bad, 5).join(" | ") : ""));
}

const sample = load(process.argv[2]);
const reorg = load(process.argv[3]);

// Whole words of the name before words of the parent's name: "thanh"
// begins "Thành phố Thủ Dầu Một", the parent of Phường Hiệp An.
first(sample, "hiep thanh", ["UBND phường Hiệp Thành"]);
first(sample, "Hiệp Thành", ["UBND phường Hiệp Thành"]);
first(sample, "hiep th", ["UBND phường Hiệp Thành"]);
first(sample, "tu phap", ["Sở Tư pháp"]);
first(sample, "chanh my", ["UBND phường Chánh Mỹ"]);
// Numbered names, written with Roman numerals in the data, found by digits too.
first(sample, "cay truong 2", ["UBND xã Cây Trường II"]);
first(sample, "cây trường II", ["UBND xã Cây Trường II"]);
first(sample, "cay truong ii", ["UBND xã Cây Trường II"]);
// A district first, then the communes under it.
first(sample, "thu dau mot", ["UBND thành phố Thủ Dầu Một"]);
every(sample, "thu dau mot", 15, (e) => /Thủ Dầu Một/.test(e.name + e.parent), "the city and its 14 communes");
// A name that begins with the word typed before one that has it later.
every(sample, "an", null, (e) => S.score(e, ["an"]) >= 0, "every result has a word beginning with \"an\"");
{
  const found = S.search(sample, "an");
  const k = found.findIndex((e) => /^(UBND )?(xã|phường|thị trấn|thành phố|huyện) An\b/.test(e.name) === false);
  const later = found.slice(k).some((e) => /^(UBND )?(xã|phường|thị trấn) An\b/.test(e.name));
  result(k > 0 && !later, "\"an\": names that begin with An come first", names(found, 12).join(" | "));
}
// A word inside another word is not a match: "uyen" is not "huyện".
every(sample, "uyen", null, (e) => /(^|\s)Uyên/i.test(e.name + " " + e.parent), "only words that begin with Uyên");
// More than a screenful: the search finds them all ("xem tất cả" shows them).
every(sample, "phuong", 45, (e) => /phường/.test(e.name), "all 45 phường");
every(sample, "khong co don vi nay", 0, () => false, "nothing");
every(sample, "", 0, () => false, "nothing for an empty query");

// Former units come after current ones with the same words.
{
  const found = S.search(reorg, "an phu");
  const got = found.map((e) => e.id + (e.former ? "*" : ""));
  result(got[0] === "xa-an-phu-2025" && got.indexOf("xa-an-phu*") > 0,
    "\"an phu\": the current Xã An Phú before the former one of the same name", got.join(" "));
  const f = reorg.filter((e) => e.former).map((e) => e.id).sort();
  result(f.join(" ") === "huyen-dong-an huyen-tay-an so-ke-hoach-va-dau-tu xa-an-loc xa-an-phu xa-binh-hoa xa-binh-minh xa-tan-hung xa-tan-thanh",
    "the search list marks the former units", f.join(" "));
}

// The examples under the home page's search box name units of that site:
// each one finds, first, a current unit whose name ends with it.
for (const [site, index] of [[process.argv[2], sample], [process.argv[3], reorg]]) {
  const home = fs.readFileSync(path.join(site, "index.html"), "utf8");
  const m = /<p id="q-help" class="hint">Ví dụ: ([^<]*)\.<\/p>/.exec(home);
  const examples = m ? m[1].split(", ") : [];
  const bad = examples.filter((x) => {
    const top = S.search(index, x)[0];
    return !top || top.former || !top.name.endsWith(x);
  });
  result(examples.length >= 2 && bad.length === 0, path.basename(site) + ": the search box's examples (" +
    examples.join(", ") + ") each find their unit first", "not found first: " + bad.join(", "));
}

// Made-up names: digits in the data found by Roman numerals; a capital
// word only is a Roman numeral ("Vi" stays a word).
const made = [
  ["p2", "UBND Phường 2", "UBND cấp xã", "UBND thành phố Vũng Tàu", 0],
  ["p12", "UBND Phường 12", "UBND cấp xã", "UBND thành phố Vũng Tàu", 0],
  ["xvi", "UBND xã Vi Hương", "UBND cấp xã", "UBND huyện Bạch Thông", 0],
  ["k4", "UBND thị trấn Khu IV", "UBND cấp xã", "", 0],
].map(S.entry);
first(made, "phuong ii", ["UBND Phường 2"]);
first(made, "phuong 12", ["UBND Phường 12"]);
first(made, "phuong xii", ["UBND Phường 12"]);
first(made, "vi huong", ["UBND xã Vi Hương"]);
every(made, "6", 0, () => false, "\"Vi\" in a name is no number");
first(made, "khu 4", ["UBND thị trấn Khu IV"]);
console.log("DONE " + n);
