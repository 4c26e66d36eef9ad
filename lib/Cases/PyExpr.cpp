//===- PyExpr.cpp - Parser of the case-program Python subset -------------===//
//
// Part of tnp. A tokenizer and a recursive-descent parser that follow
// Python 3's expression grammar (docs.python.org/3/reference/expressions.html)
// for the part tnp understands, and name the construct for the rest.
//
//===----------------------------------------------------------------------===//

#include "tnp/Cases/PyExpr.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

using namespace tnp::cases;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// PyInt and Expr helpers
//===----------------------------------------------------------------------===//

PyInt PyInt::fromInt64(int64_t v) {
  PyInt r;
  r.value =
      llvm::APInt(kPyIntBits, static_cast<uint64_t>(v), /*isSigned=*/true);
  return r;
}

std::string PyInt::str() const {
  if (huge)
    return "<int of more than " + std::to_string(kPyIntBits) + " bits>";
  return llvm::toString(value, 10, /*Signed=*/true);
}

StringRef tnp::cases::binOpSpelling(BinOpKind k) {
  switch (k) {
  case BinOpKind::Add:
    return "+";
  case BinOpKind::Sub:
    return "-";
  case BinOpKind::Mul:
    return "*";
  case BinOpKind::Div:
    return "/";
  case BinOpKind::FloorDiv:
    return "//";
  case BinOpKind::Mod:
    return "%";
  case BinOpKind::Pow:
    return "**";
  case BinOpKind::MatMul:
    return "@";
  case BinOpKind::BitAnd:
    return "&";
  case BinOpKind::BitOr:
    return "|";
  case BinOpKind::BitXor:
    return "^";
  }
  return "?";
}

StringRef tnp::cases::cmpOpSpelling(CmpOpKind k) {
  switch (k) {
  case CmpOpKind::Lt:
    return "<";
  case CmpOpKind::Le:
    return "<=";
  case CmpOpKind::Gt:
    return ">";
  case CmpOpKind::Ge:
    return ">=";
  case CmpOpKind::Eq:
    return "==";
  case CmpOpKind::Ne:
    return "!=";
  }
  return "?";
}

StringRef tnp::cases::unaryOpSpelling(UnaryOpKind k) {
  switch (k) {
  case UnaryOpKind::Neg:
    return "-";
  case UnaryOpKind::Pos:
    return "+";
  case UnaryOpKind::Invert:
    return "~";
  }
  return "?";
}

std::vector<const Expr *> Expr::args() const {
  std::vector<const Expr *> r;
  for (size_t i = 1; i < operands.size(); ++i)
    r.push_back(operands[i].get());
  return r;
}

std::vector<const Expr *> Expr::elements() const {
  std::vector<const Expr *> r;
  for (const ExprPtr &e : operands)
    r.push_back(e.get());
  return r;
}

const Keyword *Expr::keyword(StringRef n) const {
  for (const Keyword &k : keywords)
    if (k.name == n)
      return &k;
  return nullptr;
}

std::optional<std::string> Expr::dottedName() const {
  if (kind == ExprKind::Name)
    return name;
  if (kind != ExprKind::Attribute)
    return std::nullopt;
  std::optional<std::string> base = value().dottedName();
  if (!base)
    return std::nullopt;
  return *base + "." + name;
}

//===----------------------------------------------------------------------===//
// Tokenizer
//===----------------------------------------------------------------------===//

namespace {

enum class Tok : uint8_t { Name, Int, Float, Imag, Str, Op, End };

struct Token {
  Tok kind = Tok::End;
  unsigned begin = 0, end = 0;
  StringRef text;          // the token's source text
  PyInt intValue;          // Int
  double floatValue = 0.0; // Float, Imag
  std::string str;         // Str contents
};

/// Python keywords that start constructs outside the subset.
bool isUnsupportedKeyword(StringRef s) {
  return llvm::StringSwitch<bool>(s)
      .Cases({"and", "or", "not", "in", "is", "if", "else", "lambda", "for",
              "async", "await", "yield"},
             true)
      .Cases({"def",    "class",    "return", "import",   "from",
              "as",     "del",      "global", "nonlocal", "pass",
              "break",  "continue", "while",  "with",     "try",
              "except", "finally",  "raise",  "assert",   "elif"},
             true)
      .Default(false);
}

class Lexer {
public:
  explicit Lexer(StringRef src) : src(src) {}

  /// Produces all tokens; false (with `error` set) on a lexical error.
  bool run(std::vector<Token> &out, ParseError &error) {
    while (true) {
      skipSpace();
      Token t;
      t.begin = pos;
      if (pos >= src.size()) {
        t.kind = Tok::End;
        t.end = pos;
        out.push_back(t);
        return true;
      }
      char c = src[pos];
      bool ok;
      if (llvm::isDigit(c) ||
          (c == '.' && pos + 1 < src.size() && llvm::isDigit(src[pos + 1])))
        ok = lexNumber(t, error);
      else if (llvm::isAlpha(c) || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80)
        ok = lexName(t, error);
      else if (c == '\'' || c == '"')
        ok = lexString(t, error);
      else
        ok = lexOp(t, error);
      if (!ok)
        return false;
      t.end = pos;
      t.text = src.slice(t.begin, t.end);
      out.push_back(std::move(t));
    }
  }

private:
  StringRef src;
  unsigned pos = 0;

  bool fail(ParseError &error, unsigned at, std::string msg) {
    error.column = at + 1;
    error.message = std::move(msg);
    return false;
  }

  void skipSpace() {
    while (pos < src.size()) {
      char c = src[pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++pos;
      } else if (c == '\\' && pos + 1 < src.size() && src[pos + 1] == '\n') {
        pos += 2; // explicit line joining
      } else if (c == '#') {
        while (pos < src.size() && src[pos] != '\n')
          ++pos;
      } else {
        return;
      }
    }
  }

  /// Digits of `radix` with Python's single underscores between digits.
  /// Returns the digits without underscores, or nullopt on a misplaced `_`.
  std::optional<std::string> digits(unsigned radix) {
    std::string r;
    bool lastUnderscore = false;
    while (pos < src.size()) {
      char c = src[pos];
      if (c == '_') {
        if (r.empty() || lastUnderscore)
          return std::nullopt;
        lastUnderscore = true;
        ++pos;
        continue;
      }
      unsigned d;
      if (llvm::isDigit(c))
        d = c - '0';
      else if (llvm::isHexDigit(c))
        d = llvm::hexDigitValue(c);
      else
        break;
      if (d >= radix)
        break;
      r.push_back(c);
      lastUnderscore = false;
      ++pos;
    }
    if (lastUnderscore)
      return std::nullopt;
    return r;
  }

  static PyInt parseInt(StringRef digits, unsigned radix) {
    PyInt r;
    llvm::APInt base(kPyIntBits, radix);
    for (char c : digits) {
      bool ov1 = false, ov2 = false;
      llvm::APInt next = r.value.umul_ov(base, ov1);
      next = next.uadd_ov(llvm::APInt(kPyIntBits, static_cast<uint64_t>(
                                                      llvm::hexDigitValue(c))),
                          ov2);
      // The value is a magnitude but is later read as signed: keep the top
      // bit clear.
      if (ov1 || ov2 || next.isNegative()) {
        r.huge = true;
        r.value = llvm::APInt(kPyIntBits, 0);
        return r;
      }
      r.value = next;
    }
    return r;
  }

  /// Python's float literal value: correctly rounded, locale-independent,
  /// and inf when it overflows (`1e400`), as CPython does.
  static double parseFloat(const std::string &text) {
    llvm::APFloat f(llvm::APFloat::IEEEdouble());
    llvm::Expected<llvm::APFloat::opStatus> st =
        f.convertFromString(text, llvm::APFloat::rmNearestTiesToEven);
    if (!st) {
      // The lexer only passes well-formed digits; stay total regardless.
      llvm::consumeError(st.takeError());
      return 0.0;
    }
    return f.convertToDouble();
  }

  bool lexNumber(Token &t, ParseError &error) {
    unsigned start = pos;
    auto badNumber = [&]() {
      return fail(error, start,
                  "invalid number literal '" + src.slice(start, pos + 1).str() +
                      "'");
    };
    // Prefixed integers.
    if (src[pos] == '0' && pos + 1 < src.size() &&
        llvm::StringRef("xXoObB").contains(src[pos + 1])) {
      char p = llvm::toLower(src[pos + 1]);
      unsigned radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
      pos += 2;
      if (pos < src.size() && src[pos] == '_')
        ++pos; // Python allows 0x_1f
      std::optional<std::string> d = digits(radix);
      if (!d || d->empty())
        return badNumber();
      if (pos < src.size() && (llvm::isAlnum(src[pos]) || src[pos] == '_'))
        return badNumber();
      t.kind = Tok::Int;
      t.intValue = parseInt(*d, radix);
      return true;
    }
    std::string text;
    bool isFloat = false;
    if (src[pos] != '.') {
      std::optional<std::string> d = digits(10);
      if (!d)
        return badNumber();
      text = *d;
    }
    if (pos < src.size() && src[pos] == '.') {
      isFloat = true;
      ++pos;
      text.push_back('.');
      if (pos < src.size() && llvm::isDigit(src[pos])) {
        std::optional<std::string> d = digits(10);
        if (!d)
          return badNumber();
        text += *d;
      }
    }
    if (pos < src.size() && (src[pos] == 'e' || src[pos] == 'E')) {
      unsigned save = pos;
      std::string exp = "e";
      ++pos;
      if (pos < src.size() && (src[pos] == '+' || src[pos] == '-'))
        exp.push_back(src[pos++]);
      if (pos < src.size() && llvm::isDigit(src[pos])) {
        std::optional<std::string> d = digits(10);
        if (!d)
          return badNumber();
        text += exp + *d;
        isFloat = true;
      } else {
        pos = save;
        return badNumber();
      }
    }
    bool imag = false;
    if (pos < src.size() && (src[pos] == 'j' || src[pos] == 'J')) {
      imag = true;
      ++pos;
    }
    if (pos < src.size() && (llvm::isAlnum(src[pos]) || src[pos] == '_'))
      return badNumber();
    if (imag) {
      t.kind = Tok::Imag;
      t.floatValue = parseFloat(text);
      return true;
    }
    if (isFloat) {
      t.kind = Tok::Float;
      t.floatValue = parseFloat(text);
      return true;
    }
    // Python forbids leading zeros in non-zero decimal ints ("007").
    if (text.size() > 1 && text[0] == '0' &&
        text.find_first_not_of('0') != std::string::npos)
      return fail(error, start,
                  "leading zeros in decimal integer literals are not "
                  "permitted");
    t.kind = Tok::Int;
    t.intValue = parseInt(text, 10);
    return true;
  }

  bool lexName(Token &t, ParseError &error) {
    unsigned start = pos;
    while (pos < src.size() && (llvm::isAlnum(src[pos]) || src[pos] == '_' ||
                                static_cast<unsigned char>(src[pos]) >= 0x80))
      ++pos;
    StringRef name = src.slice(start, pos);
    // String prefixes (r'', b'', f'', ...) are not part of the subset.
    if (pos < src.size() && (src[pos] == '\'' || src[pos] == '"') &&
        name.size() <= 2)
      return fail(error, start, "prefixed string literals are not supported");
    for (char c : name)
      if (static_cast<unsigned char>(c) >= 0x80)
        return fail(error, start, "non-ASCII identifiers are not supported");
    t.kind = Tok::Name;
    return true;
  }

  bool lexString(Token &t, ParseError &error) {
    unsigned start = pos;
    char quote = src[pos];
    if (src.substr(pos).starts_with(std::string(3, quote)))
      return fail(error, start, "triple-quoted strings are not supported");
    ++pos;
    std::string value;
    while (pos < src.size() && src[pos] != quote) {
      char c = src[pos];
      if (c == '\n')
        break;
      if (c == '\\') {
        if (pos + 1 >= src.size())
          break;
        char e = src[pos + 1];
        if (e != '\\' && e != '\'' && e != '"')
          return fail(error, pos,
                      "string escape '\\" + std::string(1, e) +
                          "' is not supported");
        value.push_back(e);
        pos += 2;
        continue;
      }
      value.push_back(c);
      ++pos;
    }
    if (pos >= src.size() || src[pos] != quote)
      return fail(error, start, "unterminated string literal");
    ++pos;
    t.kind = Tok::Str;
    t.str = std::move(value);
    return true;
  }

  bool lexOp(Token &t, ParseError &error) {
    static const char *const kOps[] = {
        "...", "**=", "//=", ">>=", "<<=", "**", "//", "<<", ">>", "<=",
        ">=",  "==",  "!=",  "->",  ":=",  "+=", "-=", "*=", "/=", "%=",
        "@=",  "&=",  "|=",  "^=",  "+",   "-",  "*",  "/",  "%",  "@",
        "&",   "|",   "^",   "~",   "<",   ">",  "(",  ")",  "[",  "]",
        "{",   "}",   ",",   ":",   ".",   "=",  ";"};
    StringRef rest = src.substr(pos);
    for (const char *op : kOps) {
      if (rest.starts_with(op)) {
        t.kind = Tok::Op;
        pos += StringRef(op).size();
        return true;
      }
    }
    return fail(error, pos,
                "invalid character '" + std::string(1, src[pos]) + "'");
  }
};

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

/// Recursive descent over Python's expression grammar. Each parse function
/// returns null after setting `error` (the first error wins).
class Parser {
public:
  Parser(std::vector<Token> toks, ParseError &error)
      : toks(std::move(toks)), error(error) {}

  /// expressions: expression (',' expression)* [','] at top level, then EOF.
  ExprPtr parseTop() {
    ExprPtr e = parseExpressionList(/*allowEmpty=*/false);
    if (!e)
      return nullptr;
    if (tooLarge())
      return nullptr;
    if (height(*e) > kMaxHeight)
      return fail(0, "the program is nested too deeply");
    if (cur().kind != Tok::End) {
      if (e->kind == ExprKind::Subscript && cur().kind == Tok::Op &&
          isAssignmentOp(cur().text))
        error.assignsIntoArray = true;
      return unexpected();
    }
    return e;
  }

private:
  std::vector<Token> toks;
  size_t idx = 0;
  ParseError &error;
  unsigned depth = 0;

  /// Deeply nested input must not overflow the stack: the parser's own
  /// recursion is bounded by kMaxDepth; the translator's (and the AST's
  /// destructor's) by the tree's height and size.
  static constexpr unsigned kMaxDepth = 200;
  static constexpr unsigned kMaxNodes = 4000;
  static constexpr unsigned kMaxHeight = 400;
  unsigned nodes = 0;

  /// The height of a tree, without recursion (a left-associative chain
  /// `x+x+...+x` is as deep as it is long).
  static unsigned height(const Expr &root) {
    unsigned best = 0;
    std::vector<std::pair<const Expr *, unsigned>> stack = {{&root, 1}};
    while (!stack.empty()) {
      auto [e, d] = stack.back();
      stack.pop_back();
      best = std::max(best, d);
      for (const ExprPtr &c : e->operands)
        if (c)
          stack.push_back({c.get(), d + 1});
      for (const Keyword &k : e->keywords)
        stack.push_back({k.value.get(), d + 1});
    }
    return best;
  }

  const Token &cur() const { return toks[idx]; }
  const Token &peek(size_t n = 1) const {
    return toks[std::min(idx + n, toks.size() - 1)];
  }
  bool isOp(StringRef op) const {
    return cur().kind == Tok::Op && cur().text == op;
  }
  bool isName(StringRef n) const {
    return cur().kind == Tok::Name && cur().text == n;
  }
  void advance() {
    if (idx + 1 < toks.size())
      ++idx;
  }

  /// `=`, `:=` and the augmented assignments (`+=`, `//=`, ...).
  static bool isAssignmentOp(StringRef op) {
    bool isComparison = op == "<=" || op == ">=" || op == "==" || op == "!=";
    return op.ends_with("=") && !isComparison;
  }

  ExprPtr fail(unsigned at, std::string msg) {
    if (error.message.empty()) {
      error.column = at + 1;
      error.message = std::move(msg);
    }
    return nullptr;
  }
  ExprPtr unexpected() {
    const Token &t = cur();
    if (t.kind == Tok::End)
      return fail(t.begin, "invalid syntax: unexpected end of the program");
    if (t.kind == Tok::Name && isUnsupportedKeyword(t.text))
      return fail(t.begin, "'" + t.text.str() +
                               "' is not supported in case "
                               "programs");
    if (t.kind == Tok::Op) {
      StringRef op = t.text;
      if (op == "{")
        return fail(t.begin, "dict and set displays are not supported");
      if (op == "<<" || op == ">>")
        return fail(t.begin,
                    "shift operator '" + op.str() + "' is not supported");
      if (isAssignmentOp(op))
        return fail(t.begin, "assignment '" + op.str() +
                                 "' is not supported (arrays are immutable)");
      if (op == "*" || op == "**")
        return fail(t.begin, "starred expressions are not supported");
    }
    return fail(t.begin, "invalid syntax: unexpected '" + t.text.str() + "'");
  }
  bool expectOp(StringRef op) {
    if (isOp(op)) {
      advance();
      return true;
    }
    if (error.message.empty()) {
      const Token &t = cur();
      std::string found =
          t.kind == Tok::End ? "end of the program" : "'" + t.text.str() + "'";
      error.column = t.begin + 1;
      error.message =
          "invalid syntax: expected '" + op.str() + "' but found " + found;
    }
    return false;
  }

  /// Whether the program has more nodes than the limit: loops that build
  /// chains iteratively (`x+x+...`, `x.T.T...`) stop as soon as it is hit.
  bool tooLarge() {
    if (nodes <= kMaxNodes)
      return false;
    fail(cur().begin, "the program is too large");
    return true;
  }

  ExprPtr make(ExprKind k, unsigned begin, unsigned end) {
    ++nodes;
    auto e = std::make_unique<Expr>(k);
    e->begin = begin;
    e->end = end;
    return e;
  }

  /// True when the current token can start an expression (keywords count,
  /// so that `(1, not x)` reports `not` rather than a missing parenthesis).
  bool startsExpression() const {
    const Token &t = cur();
    switch (t.kind) {
    case Tok::Name:
    case Tok::Int:
    case Tok::Float:
    case Tok::Imag:
    case Tok::Str:
      return true;
    case Tok::Op:
      return llvm::is_contained({StringRef("("), StringRef("["), StringRef("{"),
                                 StringRef("-"), StringRef("+"), StringRef("~"),
                                 StringRef("..."), StringRef("*"),
                                 StringRef("**")},
                                t.text);
    case Tok::End:
      return false;
    }
    return false;
  }

  /// expression (',' expression)* [','] — a Tuple when a comma appears.
  ExprPtr parseExpressionList(bool allowEmpty) {
    unsigned begin = cur().begin;
    if (allowEmpty && !startsExpression())
      return make(ExprKind::Tuple, begin, begin);
    ExprPtr first = parseExpression();
    if (!first)
      return nullptr;
    if (!isOp(","))
      return first;
    ExprPtr tuple = make(ExprKind::Tuple, begin, first->end);
    tuple->operands.push_back(std::move(first));
    while (isOp(",")) {
      tuple->end = cur().end;
      advance();
      if (!startsExpression())
        break;
      ExprPtr e = parseExpression();
      if (!e)
        return nullptr;
      tuple->end = e->end;
      tuple->operands.push_back(std::move(e));
    }
    return tuple;
  }

  /// expression: comparison; rejects the rest of Python's `expression`
  /// (conditional expressions, boolean operators, lambda, walrus).
  ExprPtr parseExpression() {
    if (++depth > kMaxDepth) {
      --depth;
      return fail(cur().begin, "expression nested too deeply");
    }
    ExprPtr e;
    if (cur().kind == Tok::Name && isUnsupportedKeyword(cur().text))
      e = unexpected();
    else
      e = parseComparison();
    --depth;
    if (!e)
      return nullptr;
    if (cur().kind == Tok::Name && isUnsupportedKeyword(cur().text))
      return unexpected();
    if (isOp(":="))
      return unexpected();
    return e;
  }

  std::optional<CmpOpKind> cmpOp() const {
    if (cur().kind != Tok::Op)
      return std::nullopt;
    return llvm::StringSwitch<std::optional<CmpOpKind>>(cur().text)
        .Case("<", CmpOpKind::Lt)
        .Case("<=", CmpOpKind::Le)
        .Case(">", CmpOpKind::Gt)
        .Case(">=", CmpOpKind::Ge)
        .Case("==", CmpOpKind::Eq)
        .Case("!=", CmpOpKind::Ne)
        .Default(std::nullopt);
  }

  /// comparison: bitwise_or (compare_op bitwise_or)? — Python chains
  /// (`a < b < c` means `a < b and b < c`) are rejected.
  ExprPtr parseComparison() {
    ExprPtr lhs = parseBitOr();
    if (!lhs)
      return nullptr;
    std::optional<CmpOpKind> op = cmpOp();
    if (!op)
      return lhs;
    advance();
    ExprPtr rhs = parseBitOr();
    if (!rhs)
      return nullptr;
    if (cmpOp())
      return fail(cur().begin,
                  "chained comparisons are not supported (use & on the "
                  "results)");
    ExprPtr e = make(ExprKind::Compare, lhs->begin, rhs->end);
    e->cmpOp = *op;
    e->operands.push_back(std::move(lhs));
    e->operands.push_back(std::move(rhs));
    return e;
  }

  ExprPtr binary(BinOpKind k, ExprPtr lhs, ExprPtr rhs) {
    ExprPtr e = make(ExprKind::BinOp, lhs->begin, rhs->end);
    e->binOp = k;
    e->operands.push_back(std::move(lhs));
    e->operands.push_back(std::move(rhs));
    return e;
  }

  /// A left-associative level: operand (op operand)*.
  template <typename Sub>
  ExprPtr
  leftAssoc(Sub sub,
            std::initializer_list<std::pair<StringRef, BinOpKind>> ops) {
    ExprPtr lhs = (this->*sub)();
    if (!lhs)
      return nullptr;
    while (true) {
      std::optional<BinOpKind> k;
      for (const auto &[spelling, kind] : ops)
        if (isOp(spelling))
          k = kind;
      if (!k) {
        if (isOp("<<") || isOp(">>"))
          return unexpected();
        return lhs;
      }
      advance();
      ExprPtr rhs = (this->*sub)();
      if (!rhs)
        return nullptr;
      lhs = binary(*k, std::move(lhs), std::move(rhs));
      if (tooLarge())
        return nullptr;
    }
  }

  ExprPtr parseBitOr() {
    return leftAssoc(&Parser::parseBitXor, {{"|", BinOpKind::BitOr}});
  }
  ExprPtr parseBitXor() {
    return leftAssoc(&Parser::parseBitAnd, {{"^", BinOpKind::BitXor}});
  }
  ExprPtr parseBitAnd() {
    return leftAssoc(&Parser::parseSum, {{"&", BinOpKind::BitAnd}});
  }
  ExprPtr parseSum() {
    return leftAssoc(&Parser::parseTerm,
                     {{"+", BinOpKind::Add}, {"-", BinOpKind::Sub}});
  }
  ExprPtr parseTerm() {
    return leftAssoc(&Parser::parseFactor, {{"*", BinOpKind::Mul},
                                            {"/", BinOpKind::Div},
                                            {"//", BinOpKind::FloorDiv},
                                            {"%", BinOpKind::Mod},
                                            {"@", BinOpKind::MatMul}});
  }

  /// factor: ('+' | '-' | '~') factor | power
  ExprPtr parseFactor() {
    std::optional<UnaryOpKind> k;
    if (isOp("-"))
      k = UnaryOpKind::Neg;
    else if (isOp("+"))
      k = UnaryOpKind::Pos;
    else if (isOp("~"))
      k = UnaryOpKind::Invert;
    if (!k)
      return parsePower();
    unsigned begin = cur().begin;
    advance();
    if (++depth > kMaxDepth) {
      --depth;
      return fail(begin, "expression nested too deeply");
    }
    ExprPtr operand = parseFactor();
    --depth;
    if (!operand)
      return nullptr;
    ExprPtr e = make(ExprKind::UnaryOp, begin, operand->end);
    e->unaryOp = *k;
    e->operands.push_back(std::move(operand));
    return e;
  }

  /// power: primary ['**' factor] — right-associative, and tighter than a
  /// unary operator on its left (`-2**2 == -4`) but not on its right
  /// (`2**-1 == 0.5`).
  ExprPtr parsePower() {
    ExprPtr base = parsePrimary();
    if (!base)
      return nullptr;
    if (!isOp("**"))
      return base;
    advance();
    ExprPtr exp = parseFactor();
    if (!exp)
      return nullptr;
    return binary(BinOpKind::Pow, std::move(base), std::move(exp));
  }

  /// primary: atom ('.' NAME | '(' args ')' | '[' slices ']')*
  ExprPtr parsePrimary() {
    ExprPtr e = parseAtom();
    if (!e)
      return nullptr;
    while (true) {
      if (tooLarge())
        return nullptr;
      if (isOp(".")) {
        advance();
        if (cur().kind != Tok::Name || isUnsupportedKeyword(cur().text))
          return fail(cur().begin, "invalid syntax: expected an attribute name "
                                   "after '.'");
        ExprPtr a = make(ExprKind::Attribute, e->begin, cur().end);
        a->name = cur().text.str();
        a->operands.push_back(std::move(e));
        advance();
        e = std::move(a);
      } else if (isOp("(")) {
        advance();
        ExprPtr call = make(ExprKind::Call, e->begin, e->end);
        call->operands.push_back(std::move(e));
        if (!parseArguments(*call))
          return nullptr;
        call->end = cur().end;
        if (!expectOp(")"))
          return nullptr;
        e = std::move(call);
      } else if (isOp("[")) {
        advance();
        ExprPtr index = parseSlices();
        if (!index)
          return nullptr;
        ExprPtr s = make(ExprKind::Subscript, e->begin, cur().end);
        if (!expectOp("]"))
          return nullptr;
        s->operands.push_back(std::move(e));
        s->operands.push_back(std::move(index));
        e = std::move(s);
      } else {
        return e;
      }
    }
  }

  /// args: positional expressions, then `name=expression` keywords.
  bool parseArguments(Expr &call) {
    while (!isOp(")")) {
      if (isOp("*") || isOp("**")) {
        unexpected();
        return false;
      }
      if (cur().kind == Tok::Name && !isUnsupportedKeyword(cur().text) &&
          peek().kind == Tok::Op && peek().text == "=") {
        Keyword k;
        k.name = cur().text.str();
        k.column = cur().begin + 1;
        if (call.keyword(k.name)) {
          fail(cur().begin, "keyword argument repeated: " + k.name);
          return false;
        }
        advance();
        advance();
        k.value = parseExpression();
        if (!k.value)
          return false;
        call.keywords.push_back(std::move(k));
      } else {
        unsigned at = cur().begin;
        ExprPtr a = parseExpression();
        if (!a)
          return false;
        if (!call.keywords.empty()) {
          fail(at, "positional argument follows keyword argument");
          return false;
        }
        call.operands.push_back(std::move(a));
      }
      if (cur().kind == Tok::Name && cur().text == "for") {
        unexpected(); // generator expression
        return false;
      }
      if (!isOp(","))
        break;
      advance();
    }
    return true;
  }

  /// slices: slice (',' slice)* [','] — a Tuple when a comma appears.
  ExprPtr parseSlices() {
    unsigned begin = cur().begin;
    ExprPtr first = parseSlice();
    if (!first)
      return nullptr;
    if (!isOp(","))
      return first;
    ExprPtr tuple = make(ExprKind::Tuple, begin, first->end);
    tuple->operands.push_back(std::move(first));
    while (isOp(",")) {
      advance();
      if (isOp("]"))
        break;
      ExprPtr e = parseSlice();
      if (!e)
        return nullptr;
      tuple->end = e->end;
      tuple->operands.push_back(std::move(e));
    }
    return tuple;
  }

  /// slice: [expression] ':' [expression] [':' [expression]] | expression
  ExprPtr parseSlice() {
    unsigned begin = cur().begin;
    ExprPtr lower;
    if (!isOp(":")) {
      lower = parseExpression();
      if (!lower)
        return nullptr;
      if (!isOp(":"))
        return lower;
    }
    ExprPtr s = make(ExprKind::Slice, begin, cur().end);
    advance(); // ':'
    ExprPtr upper, step;
    if (!isOp(":") && !isOp(",") && !isOp("]")) {
      upper = parseExpression();
      if (!upper)
        return nullptr;
      s->end = upper->end;
    }
    if (isOp(":")) {
      s->end = cur().end;
      advance();
      if (!isOp(",") && !isOp("]")) {
        step = parseExpression();
        if (!step)
          return nullptr;
        s->end = step->end;
      }
    }
    s->operands.push_back(std::move(lower));
    s->operands.push_back(std::move(upper));
    s->operands.push_back(std::move(step));
    return s;
  }

  /// A parenthesized form: `()`, `(e)`, `(e,)`, `(a, b)`.
  ExprPtr parseParen() {
    unsigned begin = cur().begin;
    advance(); // '('
    if (isOp(")")) {
      ExprPtr t = make(ExprKind::Tuple, begin, cur().end);
      advance();
      return t;
    }
    if (++depth > kMaxDepth) {
      --depth;
      return fail(begin, "expression nested too deeply");
    }
    ExprPtr e = parseExpressionList(/*allowEmpty=*/false);
    --depth;
    if (!e)
      return nullptr;
    if (cur().kind == Tok::Name && cur().text == "for")
      return unexpected();
    unsigned end = cur().end;
    if (!expectOp(")"))
      return nullptr;
    // The parentheses belong to a tuple's range; a parenthesized expression
    // keeps its own range (Python's AST does the same).
    if (e->kind == ExprKind::Tuple) {
      e->begin = begin;
      e->end = end;
    }
    return e;
  }

  ExprPtr parseList() {
    unsigned begin = cur().begin;
    advance(); // '['
    ExprPtr list = make(ExprKind::List, begin, begin);
    if (++depth > kMaxDepth) {
      --depth;
      return fail(begin, "expression nested too deeply");
    }
    while (!isOp("]")) {
      ExprPtr e = parseExpression();
      if (!e) {
        --depth;
        return nullptr;
      }
      list->operands.push_back(std::move(e));
      if (cur().kind == Tok::Name && cur().text == "for") {
        --depth;
        return unexpected(); // list comprehension
      }
      if (!isOp(","))
        break;
      advance();
    }
    --depth;
    list->end = cur().end;
    if (!expectOp("]"))
      return nullptr;
    return list;
  }

  ExprPtr parseAtom() {
    const Token &t = cur();
    switch (t.kind) {
    case Tok::Int: {
      ExprPtr e = make(ExprKind::Int, t.begin, t.end);
      e->intValue = t.intValue;
      advance();
      return e;
    }
    case Tok::Float:
    case Tok::Imag: {
      ExprPtr e = make(t.kind == Tok::Float ? ExprKind::Float : ExprKind::Imag,
                       t.begin, t.end);
      e->floatValue = t.floatValue;
      advance();
      return e;
    }
    case Tok::Str: {
      ExprPtr e = make(ExprKind::Str, t.begin, t.end);
      e->name = t.str;
      advance();
      if (cur().kind == Tok::Str)
        return fail(cur().begin,
                    "implicit string concatenation is not supported");
      return e;
    }
    case Tok::Name: {
      if (t.text == "None" || t.text == "True" || t.text == "False") {
        ExprPtr e = make(t.text == "None" ? ExprKind::None : ExprKind::Bool,
                         t.begin, t.end);
        e->boolValue = t.text == "True";
        advance();
        return e;
      }
      if (isUnsupportedKeyword(t.text))
        return unexpected();
      ExprPtr e = make(ExprKind::Name, t.begin, t.end);
      e->name = t.text.str();
      advance();
      return e;
    }
    case Tok::Op:
      if (t.text == "(")
        return parseParen();
      if (t.text == "[")
        return parseList();
      if (t.text == "...") {
        ExprPtr e = make(ExprKind::Ellipsis, t.begin, t.end);
        advance();
        return e;
      }
      return unexpected();
    case Tok::End:
      return unexpected();
    }
    return unexpected();
  }
};

} // namespace

std::optional<Program> tnp::cases::parsePyExpr(StringRef source,
                                               ParseError &error) {
  error = ParseError();
  std::vector<Token> toks;
  Lexer lexer(source);
  if (!lexer.run(toks, error))
    return std::nullopt;
  Parser parser(std::move(toks), error);
  ExprPtr root = parser.parseTop();
  if (!root) {
    if (error.message.empty()) { // defensive: every failure path sets it
      error.column = 1;
      error.message = "invalid syntax";
    }
    return std::nullopt;
  }
  Program p;
  p.source = source.str();
  p.root = std::move(root);
  return p;
}

//===----------------------------------------------------------------------===//
// Dump
//===----------------------------------------------------------------------===//

static void dump(const Expr *e, llvm::raw_ostream &os) {
  if (!e) {
    os << "_";
    return;
  }
  auto children = [&](size_t from) {
    for (size_t i = from; i < e->operands.size(); ++i) {
      os << " ";
      dump(e->operands[i].get(), os);
    }
  };
  switch (e->kind) {
  case ExprKind::Name:
    os << "(name " << e->name << ")";
    return;
  case ExprKind::Int:
    os << "(int " << e->intValue.str() << ")";
    return;
  case ExprKind::Float:
    os << "(float " << e->floatValue << ")";
    return;
  case ExprKind::Imag:
    os << "(imag " << e->floatValue << ")";
    return;
  case ExprKind::Bool:
    os << (e->boolValue ? "True" : "False");
    return;
  case ExprKind::None:
    os << "None";
    return;
  case ExprKind::Ellipsis:
    os << "...";
    return;
  case ExprKind::Str:
    os << "(str '" << e->name << "')";
    return;
  case ExprKind::Attribute:
    os << "(attr ";
    dump(e->operands[0].get(), os);
    os << " " << e->name << ")";
    return;
  case ExprKind::Call:
    os << "(call";
    children(0);
    for (const Keyword &k : e->keywords) {
      os << " " << k.name << "=";
      dump(k.value.get(), os);
    }
    os << ")";
    return;
  case ExprKind::Subscript:
    os << "(subscript";
    children(0);
    os << ")";
    return;
  case ExprKind::Slice:
    os << "(slice";
    children(0);
    os << ")";
    return;
  case ExprKind::BinOp:
    os << "(" << binOpSpelling(e->binOp);
    children(0);
    os << ")";
    return;
  case ExprKind::Compare:
    os << "(" << cmpOpSpelling(e->cmpOp);
    children(0);
    os << ")";
    return;
  case ExprKind::UnaryOp:
    os << "(u" << unaryOpSpelling(e->unaryOp);
    children(0);
    os << ")";
    return;
  case ExprKind::List:
    os << "(list";
    children(0);
    os << ")";
    return;
  case ExprKind::Tuple:
    os << "(tuple";
    children(0);
    os << ")";
    return;
  }
}

std::string tnp::cases::dumpExpr(const Expr &e) {
  std::string s;
  llvm::raw_string_ostream os(s);
  dump(&e, os);
  return s;
}
