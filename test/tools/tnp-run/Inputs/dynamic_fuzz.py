"""Random elementwise/reduction/shape programs over dynamic dims, against
NumPy (dynamic-fuzz.test).

  dynamic_fuzz.py TNP_RUN DIR [FIRST COUNT]

Program `seed` (seeds FIRST..FIRST+COUNT-1, fixed: the test is
deterministic) chains 2-7 random ops (add/subtract/multiply/maximum/
minimum/true_divide, exp/negative/square/abs/sqrt/tanh,
sum/max/mean/min/prod/argmax/argmin with and without
keepdims, transpose, expand_dims, squeeze, where, clip) over 1-3 float32
inputs of dynamic type (tensor<?x...>) whose run-time sizes share dims,
are 1 (broadcast) or 0 (empty). All programs go into one module, run by one
`tnp-run --batch` (one compilation), with --check-leaks; each result must
have NumPy's shape and values (rtol/atol 1e-4), and a program NumPy rejects
(a broadcast or empty-reduction error) must fail with an error, nothing
else. Prints 'dynamic-fuzz: N passed, N failed'.

The generator comes from a review of the dynamic-dims work (EqualDims.cpp,
the unguarded broadcast checks, the fusion of run-time broadcasts), where it
found a miscompile of where(c, x, x).
"""
import os
import random
import subprocess
import sys

import numpy as np

def ty(t):  # t: list of dims (None=dynamic)
    return "tensor<" + "".join(("?" if d is None else str(d))+"x" for d in t) + "f32>"
def bshape(a,b):
    r=[];
    n=max(len(a),len(b)); a=[1]*(n-len(a))+list(a); b=[1]*(n-len(b))+list(b)
    for x,y in zip(a,b):
        if x==y or y==1: r.append(x)
        elif x==1: r.append(y)
        else: return None
    return r
def btype(ta,tb):
    n=max(len(ta),len(tb)); ta=[1]*(n-len(ta))+list(ta); tb=[1]*(n-len(tb))+list(tb)
    r=[]
    for x,y in zip(ta,tb):
        if x==1: r.append(y)
        elif y==1: r.append(x)
        elif x is None or y is None: r.append(None if (x is None and y is None) else (x if y is None else y))
        else: r.append(x)
    return r
def gen(seed):
    rng=random.Random(seed)
    ninp=rng.randint(1,3)
    vals=[]  # (name, type, shape, npexpr)
    lines=[]; args=[]
    inputs=[]
    base=[rng.choice([0,1,2,3,5,17]) for _ in range(3)]
    for i in range(ninp):
        r=rng.randint(1,3)
        shape=[rng.choice([1,base[j+3-r],base[j+3-r]]) for j in range(r)]
        t=[None]*r
        vals.append(("%a"+str(i),t,shape,"a%d"%i)); args.append("%%a%d: %s"%(i,ty(t))); inputs.append(shape)
    # make some inputs share dims sometimes
    k=0
    for step in range(rng.randint(2,7)):
        op=rng.choice(["bin","bin","bin","un","red","tr","ed","sq","where","clip"])
        name="%v"+str(k); k+=1
        v=rng.choice(vals)
        if op=="bin":
            w=rng.choice(vals)
            s=bshape(v[2],w[2])
            if s is None: continue
            t=btype(v[1],w[1])
            f=rng.choice(["add","subtract","multiply","maximum","minimum","true_divide"])
            npf={"add":"np.add","subtract":"np.subtract","multiply":"np.multiply","maximum":"np.maximum","minimum":"np.minimum","true_divide":"np.true_divide"}[f]
            lines.append(f"{name} = tnp.{f} {v[0]}, {w[0]} : ({ty(v[1])}, {ty(w[1])}) -> {ty(t)}")
            vals.append((name,t,s,f"{npf}({v[3]},{w[3]})"))
        elif op=="un":
            f=rng.choice(["exp","negative","square","abs","sqrt","tanh"])
            lines.append(f"{name} = tnp.{f} {v[0]} : ({ty(v[1])}) -> {ty(v[1])}")
            npf={"exp":"np.exp","negative":"np.negative","square":"np.square","abs":"np.abs","sqrt":"np.sqrt","tanh":"np.tanh"}[f]
            vals.append((name,v[1],v[2],f"{npf}({v[3]})"))
        elif op=="red":
            r=len(v[1]);
            if r==0: continue
            f=rng.choice(["sum","max","mean","argmax","min","prod","argmin"])
            kd=rng.random()<0.5
            if f in ("argmax","argmin"):
                ax=rng.randrange(r)
                if v[2][ax]==0: continue
                t=[d for i,d in enumerate(v[1]) if i!=ax] if not kd else [1 if i==ax else d for i,d in enumerate(v[1])]
                s=[d for i,d in enumerate(v[2]) if i!=ax] if not kd else [1 if i==ax else d for i,d in enumerate(v[2])]
                tt="tensor<"+"".join(("?" if d is None else str(d))+"x" for d in t)+"si64>"
                lines.append(f"{name}i = tnp.{f} {v[0]} axis {ax}{' keepdims' if kd else ''} : {ty(v[1])} -> {tt}")
                lines.append(f"{name} = tnp.astype {name}i : {tt} -> {ty(t)}")
                vals.append((name,t,s,f"np.{f}({v[3]},axis={ax},keepdims={kd}).astype(np.float32)"))
                continue
            ax=rng.randrange(r)
            t=[d for i,d in enumerate(v[1]) if i!=ax] if not kd else [1 if i==ax else d for i,d in enumerate(v[1])]
            s=[d for i,d in enumerate(v[2]) if i!=ax] if not kd else [1 if i==ax else d for i,d in enumerate(v[2])]
            axs = ax if rng.random()<0.5 else ax-r
            lines.append(f"{name} = tnp.{f} {v[0]} axis [{axs}]{' keepdims' if kd else ''} : {ty(v[1])} -> {ty(t)}")
            vals.append((name,t,s,f"np.{f}({v[3]},axis={ax},keepdims={kd})"))
        elif op=="tr":
            r=len(v[1]);
            if r<2: continue
            p=list(range(r)); rng.shuffle(p)
            t=[v[1][i] for i in p]; s=[v[2][i] for i in p]
            lines.append(f"{name} = tnp.transpose {v[0]} {p} : {ty(v[1])} -> {ty(t)}")
            vals.append((name,t,s,f"np.transpose({v[3]},{p})"))
        elif op=="ed":
            r=len(v[1])
            if r>=3: continue
            ax=rng.randrange(r+1)
            t=list(v[1]); t.insert(ax,1); s=list(v[2]); s.insert(ax,1)
            lines.append(f"{name} = tnp.expand_dims {v[0]} [{ax}] : {ty(v[1])} -> {ty(t)}")
            vals.append((name,t,s,f"np.expand_dims({v[3]},{ax})"))
        elif op=="sq":
            ax=[i for i,d in enumerate(v[1]) if d==1]
            if not ax: continue
            a=rng.choice(ax)
            t=[d for i,d in enumerate(v[1]) if i!=a]; s=[d for i,d in enumerate(v[2]) if i!=a]
            lines.append(f"{name} = tnp.squeeze {v[0]} [{a}] : {ty(v[1])} -> {ty(t)}")
            vals.append((name,t,s,f"np.squeeze({v[3]},{a})"))
        elif op=="where":
            w=rng.choice(vals); u=rng.choice(vals)
            # where(c, x, x) too: its fold once ignored c's shape.
            s=bshape(v[2],w[2]); s= s and bshape(s,u[2])
            if s is None: continue
            t=btype(btype(v[1],w[1]),u[1])
            ct="tensor<"+"".join(("?" if d is None else str(d))+"x" for d in v[1])+"i1>"
            zero="%z"+str(k)
            lines.append(f"{zero} = tnp.constant dense<0.0> : tensor<f32>")
            lines.append(f"{name}c = tnp.greater {v[0]}, {zero} : ({ty(v[1])}, tensor<f32>) -> {ct}")
            lines.append(f"{name} = tnp.where {name}c, {w[0]}, {u[0]} : ({ct}, {ty(w[1])}, {ty(u[1])}) -> {ty(t)}")
            vals.append((name,t,s,f"np.where({v[3]}>0,{w[3]},{u[3]})"))
        elif op=="clip":
            w=rng.choice(vals)
            s=bshape(v[2],w[2])
            if s is None or len(w[2])>len(v[2]) or s!=v[2] or w[1]!=v[1][len(v[1])-len(w[1]):] : continue
            lines.append(f"{name} = tnp.clip {v[0]} max {w[0]} : ({ty(v[1])}, {ty(w[1])}) -> {ty(v[1])}")
            vals.append((name,v[1],v[2],f"np.clip({v[3]},None,{w[3]})"))
    res=vals[-1]
    if res[0].startswith("%a"): return None
    body="\n    ".join(lines)
    src=f"""module attributes {{tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false}} {{
  func.func @f({", ".join(args)}) -> {ty(res[1])} {{
    {body}
    return {res[0]} : {ty(res[1])}
  }}
}}
"""
    return src,inputs,res[3],ninp


def main():
    tnp_run, out = sys.argv[1], sys.argv[2]
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 150
    os.makedirs(out, exist_ok=True)
    funcs, cases = [], []
    for seed in range(first, first + count):
        g = gen(seed)
        if g is None:
            continue
        src, inputs, expr, _ = g
        # The function of this program, renamed.
        lines = src.splitlines()
        body = "\n".join(lines[1:-1]).replace("func.func @f(", f"func.func @f{seed}(")
        rng = np.random.default_rng(seed)
        env = {"np": np}
        files = []
        for i, s in enumerate(inputs):
            a = rng.standard_normal(s).astype(np.float32)
            env["a%d" % i] = a
            path = os.path.join(out, f"s{seed}_in{i}.npy")
            np.save(path, a)
            files.append(path)
        try:
            with np.errstate(all="ignore"):
                want = np.asarray(eval(expr, env)).astype(np.float32)
        except ValueError:
            want = None  # NumPy raises: tnp must report an error
        funcs.append(body)
        cases.append((seed, files, want))
    module = os.path.join(out, "programs.mlir")
    with open(module, "w") as f:
        f.write('module attributes {tnp.dtype_conversion_mode = "legacy", '
                'tnp.prefer_float32 = false} {\n' + "\n".join(funcs) + "\n}\n")
    batch = os.path.join(out, "programs.batch")
    with open(batch, "w") as f:
        for seed, files, want in cases:
            res = os.path.join(out, f"s{seed}_out.npy")
            f.write(f"f{seed} " + " ".join(files) + f" -> {res}\n")
    p = subprocess.run([tnp_run, module, "--batch", batch, "--check-leaks"],
                       capture_output=True, text=True, timeout=1200)
    status = {}
    for line in p.stdout.splitlines():
        if line.startswith("ok @"):
            status[line[4:].strip()] = ("ok", "")
        elif line.startswith("error @"):
            name, _, msg = line[7:].partition(": ")
            status[name.strip()] = ("error", msg)
    # The errors themselves go to stderr: 'tnp-run: @NAME: KIND error: ...'.
    for line in p.stderr.splitlines():
        if line.startswith("tnp-run: @"):
            name, _, msg = line[len("tnp-run: @"):].partition(": ")
            if status.get(name, ("", ""))[0] == "error":
                status[name] = ("error", msg)
    passed, failed = 0, 0
    for seed, files, want in cases:
        st, msg = status.get(f"f{seed}", ("missing", p.stderr[-300:]))
        if want is None:
            ok = st == "error" and ("broadcast error" in msg or
                                    "reduction error" in msg)
            why = f"expected NumPy's error, got {st} {msg}"
        elif st != "ok":
            ok, why = False, f"{st}: {msg}"
        else:
            got = np.load(os.path.join(out, f"s{seed}_out.npy"))
            if got.shape != want.shape:
                ok, why = False, f"shape {got.shape}, NumPy {want.shape}"
            else:
                ok = bool(np.allclose(got, want, rtol=1e-4, atol=1e-4,
                                      equal_nan=True))
                why = "values differ from NumPy's"
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL program {seed} ({os.path.join(out, 'programs.mlir')}"
                  f" @f{seed}): {why}")
    print(f"dynamic-fuzz: {passed} passed, {failed} failed")
    return 1 if failed or p.returncode not in (0, 1) else 0


if __name__ == "__main__":
    sys.exit(main())
