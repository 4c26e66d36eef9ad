//===- CaseFile.cpp - Loading conformance case files ---------------------===//
//
// Part of tnp. Reads cases*.json with llvm::json. A malformed case is kept
// with a message instead of failing the file, so one bad case never hides
// the others.
//
//===----------------------------------------------------------------------===//

#include "tnp/Cases/Cases.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <limits>

using namespace tnp;
using namespace tnp::cases;
using llvm::StringRef;
namespace json = llvm::json;

namespace {

/// Collects the first error of a case while its fields are read.
struct CaseReader {
  std::string error;

  bool fail(const std::string &msg) {
    if (error.empty())
      error = msg;
    return false;
  }

  std::optional<sem::DType> dtype(const json::Object &o, StringRef what) {
    std::optional<StringRef> s = o.getString("dtype");
    if (!s) {
      fail(what.str() + ": missing \"dtype\"");
      return std::nullopt;
    }
    std::optional<sem::DType> t = sem::parseDTypeName(*s);
    if (!t)
      fail(what.str() + ": unknown dtype '" + s->str() + "'");
    return t;
  }

  std::optional<sem::Shape> shape(const json::Object &o, StringRef what) {
    const json::Array *a = o.getArray("shape");
    if (!a) {
      fail(what.str() + ": missing \"shape\" array");
      return std::nullopt;
    }
    sem::Shape s;
    for (const json::Value &d : *a) {
      std::optional<int64_t> n = d.getAsInteger();
      if (!n || *n < 0) {
        fail(what.str() + ": shape entries must be non-negative integers");
        return std::nullopt;
      }
      s.push_back(*n);
    }
    return s;
  }

  /// A float value: a number or "nan" / "inf" / "-inf".
  std::optional<double> real(const json::Value &v) {
    if (std::optional<double> d = v.getAsNumber())
      return d;
    if (std::optional<StringRef> s = v.getAsString()) {
      if (*s == "nan")
        return std::numeric_limits<double>::quiet_NaN();
      if (*s == "inf")
        return std::numeric_limits<double>::infinity();
      if (*s == "-inf")
        return -std::numeric_limits<double>::infinity();
    }
    return std::nullopt;
  }

  std::optional<sem::Scalar> scalar(const json::Value &v, sem::DType t) {
    switch (sem::kindOf(t)) {
    case sem::DTypeKind::Bool:
      if (std::optional<bool> b = v.getAsBoolean())
        return sem::Scalar::fromBool(*b);
      break;
    case sem::DTypeKind::SignedInt:
    case sem::DTypeKind::UnsignedInt:
      if (std::optional<int64_t> i = v.getAsInteger())
        return sem::Scalar::fromInt(*i);
      if (std::optional<uint64_t> u = v.getAsUINT64())
        return sem::Scalar::fromUInt(*u);
      break;
    case sem::DTypeKind::Float:
      if (std::optional<double> d = real(v))
        return sem::Scalar::fromFloat(*d);
      break;
    case sem::DTypeKind::Complex:
      if (const json::Array *pair = v.getAsArray()) {
        if (pair->size() == 2) {
          std::optional<double> re = real((*pair)[0]);
          std::optional<double> im = real((*pair)[1]);
          if (re && im)
            return sem::Scalar::fromComplex(*re, *im);
        }
      }
      break;
    }
    return std::nullopt;
  }

  /// The optional "values" array; its length must match the shape.
  std::vector<sem::Scalar> values(const json::Object &o, sem::DType t,
                                  const sem::Shape &shape, StringRef what) {
    std::vector<sem::Scalar> out;
    const json::Value *v = o.get("values");
    if (!v)
      return out;
    const json::Array *a = v->getAsArray();
    if (!a) {
      fail(what.str() + ": \"values\" is not an array");
      return out;
    }
    for (const json::Value &e : *a) {
      std::optional<sem::Scalar> s = scalar(e, t);
      if (!s) {
        fail(what.str() + ": a value is not a " +
             std::string(sem::dtypeName(t)));
        return out;
      }
      out.push_back(*s);
    }
    if (static_cast<int64_t>(out.size()) != sem::numElements(shape))
      fail(what.str() + ": " + std::to_string(out.size()) +
           " values for shape " + sem::shapeStr(shape));
    return out;
  }

  Case read(const json::Object &o, size_t index) {
    Case c;
    if (std::optional<StringRef> id = o.getString("id"))
      c.id = id->str();
    else {
      c.id = "#" + std::to_string(index);
      fail("missing \"id\"");
    }
    if (std::optional<StringRef> cat = o.getString("category"))
      c.category = cat->str();
    if (std::optional<StringRef> p = o.getString("program"))
      c.program = p->str();
    else
      fail("missing \"program\"");

    if (const json::Value *ins = o.get("inputs")) {
      const json::Array *a = ins->getAsArray();
      if (!a)
        fail("\"inputs\" is not an array");
      for (size_t i = 0; a && i < a->size(); ++i) {
        const json::Object *in = (*a)[i].getAsObject();
        if (!in) {
          fail("input " + std::to_string(i) + " is not an object");
          continue;
        }
        CaseInput ci;
        std::string what = "input " + std::to_string(i);
        if (std::optional<StringRef> n = in->getString("name"))
          ci.name = n->str();
        else
          fail(what + ": missing \"name\"");
        std::optional<sem::DType> t = dtype(*in, what);
        std::optional<sem::Shape> s = shape(*in, what);
        if (t)
          ci.dtype = *t;
        if (s)
          ci.shape = *s;
        if (t && s)
          ci.values = values(*in, *t, *s, what);
        c.inputs.push_back(std::move(ci));
      }
    }

    if (const json::Value *cfg = o.get("config")) {
      const json::Object *co = cfg->getAsObject();
      if (!co)
        fail("\"config\" is not an object");
      if (co) {
        if (std::optional<StringRef> m =
                co->getString("dtype_conversion_mode")) {
          std::optional<sem::PromotionMode> pm = sem::parsePromotionMode(*m);
          if (pm)
            c.options.mode = *pm;
          else
            fail("unknown dtype_conversion_mode '" + m->str() + "'");
        }
        if (const json::Value *pf = co->get("prefer_float32")) {
          if (std::optional<bool> b = pf->getAsBoolean())
            c.options.preferFloat32 = *b;
          else
            fail("prefer_float32 is not a boolean");
        }
      }
    }

    const json::Object *exp = o.getObject("expected");
    const json::Value *err = o.get("expected_error");
    if (exp && err && !err->getAsNull())
      fail("both \"expected\" and \"expected_error\"");
    if (err && !err->getAsNull()) {
      std::optional<StringRef> k = err->getAsString();
      std::optional<sem::ErrorKind> kind =
          k ? sem::parseErrorKind(*k) : std::nullopt;
      if (kind)
        c.expectedError = *kind;
      else
        fail("unknown expected_error kind");
    } else if (exp) {
      CaseExpectation e;
      std::optional<sem::DType> t = dtype(*exp, "expected");
      std::optional<sem::Shape> s = shape(*exp, "expected");
      if (t)
        e.dtype = *t;
      if (s)
        e.shape = *s;
      if (t && s)
        e.values = values(*exp, *t, *s, "expected");
      if (const json::Object *tol = exp->getObject("tolerance")) {
        e.tolerance.rtol = tol->getNumber("rtol").value_or(0.0);
        e.tolerance.atol = tol->getNumber("atol").value_or(0.0);
      }
      if (const json::Value *w = exp->get("weak")) {
        if (std::optional<bool> b = w->getAsBoolean())
          e.weak = *b;
        else if (!w->getAsNull())
          fail("expected.weak is not a boolean");
      }
      c.expected = std::move(e);
    } else {
      fail("neither \"expected\" nor \"expected_error\"");
    }
    c.loadError = error;
    return c;
  }
};

} // namespace

llvm::Expected<CaseFile> tnp::cases::loadCaseFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buf =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buf)
    return llvm::createStringError(buf.getError(),
                                   "cannot read '" + path +
                                       "': " + buf.getError().message());
  llvm::Expected<json::Value> root = json::parse((*buf)->getBuffer());
  if (!root)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + path + "' is not valid JSON: " +
                                       llvm::toString(root.takeError()));
  const json::Object *top = root->getAsObject();
  const json::Array *cases = top ? top->getArray("cases") : nullptr;
  if (!cases)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + path +
                                       "' has no top-level \"cases\" array");
  CaseFile file;
  file.path = path.str();
  if (std::optional<StringRef> m = top->getString("mode"))
    file.mode = m->str();
  for (size_t i = 0; i < cases->size(); ++i) {
    const json::Object *o = (*cases)[i].getAsObject();
    if (!o) {
      Case bad;
      bad.id = "#" + std::to_string(i);
      bad.loadError = "case is not a JSON object";
      file.cases.push_back(std::move(bad));
      continue;
    }
    CaseReader reader;
    file.cases.push_back(reader.read(*o, i));
  }
  return file;
}
