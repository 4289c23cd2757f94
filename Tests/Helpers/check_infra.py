#!/usr/bin/env python3
"""Static checks of the deployment kits (no Docker engine or Kubernetes cluster runs here).

  check_infra.py dockerfile ROOT BINARY   runtime packages exist in Debian (apt-cache show) and
                                           provide every library the binary links or dlopens (ldd);
                                           the image holds the binary at the ENTRYPOINT and the
                                           console's resource bundle beside it, the bundle SwiftPM
                                           builds beside BINARY
  check_infra.py compose ROOT             both compose files: services, images, hooks, env
  check_infra.py kubernetes ROOT          manifests parse and agree with each other
  check_infra.py kubernetes ROOT --write  regenerates job-templates.yaml from job-templates/
  check_infra.py lifecycle ROOT           prints the watch bucket's lifecycle rules as S3 API JSON
  check_infra.py dockerfile-runtime ROOT  prints the image's build command, the build stage's
                                           commands that fill /out/ (STAGE) and the runtime stage,
                                           one instruction a line, fields split by \x1f (for
                                           scripts/container-check.sh, which carries them out)
  check_infra.py container-manifest ROOT MANIFEST
                                           what scripts/container-check.sh ran in the image's root
                                           file system (MANIFEST) is what the Dockerfile says

Prints one line per problem and exits 1 when there is any; prints "ok ..." otherwise.
"""
import json
import os
import re
import shlex
import subprocess
import sys

import yaml

problems = []


def problem(text):
    problems.append(text)


def load_all(path):
    with open(path) as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc is not None]


# ---- Dockerfile ---------------------------------------------------------------------------

SWIFT_RUNTIME = re.compile(r"^lib(swift.*|_?Foundation.*|dispatch|BlocksRuntime|_FoundationICU)\.so")
GLIBC = {"libc6", "libgcc-s1", "libstdc++6"}


def dockerfile_stages(text):
    lines = []
    for raw in text.replace("\\\n", " ").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    stages = []
    for line in lines:
        instruction, _, rest = line.partition(" ")
        if instruction.upper() == "FROM":
            stages.append({"from": rest.split()[0], "lines": []})
        elif stages:
            stages[-1]["lines"].append((instruction.upper(), rest.strip()))
    return stages


def apt_packages(lines):
    packages = []
    for instruction, rest in lines:
        if instruction != "RUN":
            continue
        for command in re.split(r"&&|;", rest):
            words = command.split()
            if "apt-get" in words and "install" in words:
                packages += [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
    return packages


def candidates(path):
    found = [path, os.path.realpath(path)]
    return found + ["/usr" + c for c in found if c.startswith("/lib")]


def packages_of(paths):
    """Maps each path to its Debian package with one dpkg -S call (usrmerge: /lib is /usr/lib)."""
    every = sorted({c for path in paths for c in candidates(path)})
    owners = {}
    output = subprocess.run(["dpkg", "-S", *every], capture_output=True, text=True).stdout
    for line in output.splitlines():
        package, _, owned = line.partition(": ")
        owners[owned.strip()] = package.split(":")[0].strip()
    return {path: next((owners[c] for c in candidates(path) if c in owners), None) for path in paths}


def library_path(soname):
    """Where the dynamic loader finds a soname (ldconfig's cache), or None."""
    for line in subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout.splitlines():
        parts = line.strip().split(" => ")
        if len(parts) == 2 and parts[0].split(" ")[0] == soname and "x86-64" in parts[0]:
            return parts[1]
    return None


def check_dockerfile(root, binary):
    with open(os.path.join(root, "infra/docker/Dockerfile")) as handle:
        stages = dockerfile_stages(handle.read())
    if len(stages) < 2:
        return problem("Dockerfile: expected a build stage and a runtime stage")
    build, runtime = stages[0], stages[-1]
    if not re.match(r"^swift:6\.\d+(\.\d+)?-bookworm$", build["from"]):
        problem(f"Dockerfile: build stage is {build['from']}, expected swift:6.x-bookworm")
    if runtime["from"] != "debian:bookworm-slim":
        problem(f"Dockerfile: runtime stage is {runtime['from']}, expected debian:bookworm-slim")
    if not any(i == "RUN" and "--static-swift-stdlib" in r for i, r in build["lines"]):
        problem("Dockerfile: the build stage does not build with --static-swift-stdlib")
    users = [r for i, r in runtime["lines"] if i == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problem("Dockerfile: the runtime stage must end with a non-root USER")
    if not any(i == "HEALTHCHECK" and "CMD" in r for i, r in runtime["lines"]):
        problem("Dockerfile: the runtime stage has no HEALTHCHECK")
    if not any(i == "COPY" and "--from=build" in r for i, r in runtime["lines"]):
        problem("Dockerfile: the runtime stage does not copy the binary from the build stage")
    check_image_layout(root, binary)
    packages = apt_packages(runtime["lines"])
    if not packages:
        return problem("Dockerfile: the runtime stage installs no packages")
    for name in packages:
        result = subprocess.run(["apt-cache", "show", "--no-all-versions", name], capture_output=True, text=True)
        if result.returncode != 0 or not result.stdout.strip():
            problem(f"Dockerfile: runtime package {name} is not in this Debian's archive")
    if any(p.endswith("-dev") for p in packages):
        problem("Dockerfile: the runtime stage installs -dev packages: " + " ".join(p for p in packages if p.endswith("-dev")))
    closure = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks",
         "--no-replaces", "--no-enhances", *packages], capture_output=True, text=True).stdout
    provided = {line.strip().split(":")[0] for line in closure.splitlines() if line and not line.startswith(" ")}
    # What the binary links, plus what it dlopens on first media work (FFmpeg's sonames,
    # stored as strings in the binary) and everything those need.
    with open(binary, "rb") as handle:
        loaded = sorted(set(m.decode() for m in re.findall(rb"lib(?:av|sw)[a-z]+\.so\.[0-9]+", handle.read())))
    libraries = []
    for target in [binary] + [library_path(name) for name in loaded]:
        if target is None:
            problem(f"dlopen: a library the binary loads at run time is not installed on this machine ({', '.join(loaded)})")
            continue
        if target != binary:
            libraries.append((os.path.basename(target), target))
        ldd = subprocess.run(["ldd", target], capture_output=True, text=True, check=True).stdout
        libraries += [m.groups() for m in (re.match(r"\s*(\S+)\s+=>\s+(\S+)", line) for line in ldd.splitlines()) if m]
    libraries = sorted(set(libraries))
    linked = len(libraries)
    owners = packages_of([path for name, path in libraries if not SWIFT_RUNTIME.match(name)])
    for name, path in libraries:
        if SWIFT_RUNTIME.match(name):
            continue  # linked into the binary by --static-swift-stdlib
        package = owners.get(path)
        if package is None:
            problem(f"ldd: {name} ({path}) belongs to no Debian package")
        elif package not in provided and package not in GLIBC:
            problem(f"ldd: {name} comes from {package}, which the runtime packages do not install")
    if not problems:
        print(f"ok dockerfile: {len(packages)} runtime packages exist; {linked} linked or loaded libraries all provided ({len(provided)} packages in the closure)")


def console_bundle(root):
    """The console's resource bundle's name, as the console looks for it (PageRenderer.bundleName)."""
    path = os.path.join(root, "Sources/MediaWorkerConsole/Pages/PageRenderer.swift")
    with open(path) as handle:
        found = re.search(r'static let bundleName = "([^"]+)"', handle.read())
    if not found:
        raise SystemExit(f"{path}: no `static let bundleName = \"...\"`")
    return found.group(1)


def bundle_files(folder):
    """Every file under folder, as sorted paths relative to it."""
    return sorted(os.path.relpath(os.path.join(top, name), folder) for top, _, names in os.walk(folder) for name in names)


def check_image_layout(root, binary):
    """Where the build stage's files land in the image: the binary at the ENTRYPOINT, and the
    console's bundle beside it (the console looks for it there); and the bundle the Dockerfile
    copies is the one SwiftPM builds beside the binary."""
    try:
        plan = runtime_plan(root)
        layout = image_layout(plan)
    except SystemExit as error:
        return problem(str(error))
    bundle = console_bundle(root)
    entrypoint = plan["entrypoint"][0] if plan["entrypoint"] else None
    if entrypoint is None:
        return problem("Dockerfile: no ENTRYPOINT")
    if layout.get(entrypoint) != ("file", plan["build"]["out"]):
        problem(f"Dockerfile: the ENTRYPOINT {entrypoint} is not the build stage's {plan['build']['out']} "
                f"(the build stage's files land at: {', '.join(sorted(layout)) or 'nowhere'})")
    beside = os.path.join(os.path.dirname(entrypoint), bundle)
    if layout.get(beside, ("",))[0] != "dir":
        problem(f"Dockerfile: the console's resources are not at {beside}, beside the binary, where `media-worker console` "
                f"looks for them (the build stage's files land at: {', '.join(sorted(layout)) or 'nowhere'})")
    built = os.path.join(os.path.dirname(os.path.abspath(binary)), bundle)
    if not os.path.isdir(os.path.join(built, "Resources", "templates")):
        problem(f"build: no {bundle}/Resources/templates beside {binary} (the bundle the Dockerfile copies)")
    elif bundle_files(os.path.join(built, "Resources")) != bundle_files(os.path.join(root, "Sources/MediaWorkerConsole/Resources")):
        problem(f"build: {built}/Resources does not hold the files of Sources/MediaWorkerConsole/Resources")


# ---- Compose ------------------------------------------------------------------------------

def check_compose(root):
    checked = []
    path = os.path.join(root, "localstack/docker-compose.yml")
    compose = load_all(path)[0]
    services = compose.get("services", {})
    for name in ("localstack", "worker"):
        if name not in services:
            problem(f"{path}: no service {name}")
    localstack = services.get("localstack", {})
    hook_mounts = [v for v in localstack.get("volumes", []) if "/etc/localstack/init/ready.d" in v]
    if not hook_mounts:
        problem(f"{path}: the ready.d hooks are not mounted into LocalStack")
    else:
        source = hook_mounts[0].split(":")[0]
        hooks = os.path.join(os.path.dirname(path), source)
        if not os.path.isdir(hooks) or not any(f.endswith(".sh") for f in os.listdir(hooks)):
            problem(f"{path}: {source} holds no hook scripts")
    check_worker_service(path, services.get("worker", {}), os.path.dirname(path), root, queue_var="QUEUE_URL")
    checked.append("localstack")

    path = os.path.join(root, "infra/minio/docker-compose.yml")
    compose = load_all(path)[0]
    services = compose.get("services", {})
    for name in ("minio", "redis", "worker", "configure"):
        if name not in services:
            problem(f"{path}: no service {name}")
    configure = services.get("configure", {})
    mounted = [v.split(":")[0] for v in configure.get("volumes", [])]
    for source in mounted:
        if not os.path.exists(os.path.join(os.path.dirname(path), source)):
            problem(f"{path}: configure mounts {source}, which does not exist")
    worker = services.get("worker", {})
    env = worker.get("environment", {})
    if env.get("REDIS_KEY") != configure.get("environment", {}).get("REDIS_KEY"):
        problem(f"{path}: the worker's REDIS_KEY differs from the one MinIO is configured with")
    check_worker_service(path, worker, os.path.dirname(path), root, queue_var="REDIS_URL")
    checked.append("minio")
    if not problems:
        print("ok compose: " + ", ".join(checked))


def check_worker_service(path, worker, base, root, queue_var):
    build = worker.get("build", {})
    context = os.path.normpath(os.path.join(base, build.get("context", ".")))
    dockerfile = os.path.join(context, build.get("dockerfile", "Dockerfile"))
    if context != os.path.normpath(root) or not os.path.isfile(dockerfile):
        problem(f"{path}: the worker's build ({context}, {dockerfile}) is not the repository's infra/docker/Dockerfile")
    env = worker.get("environment", {})
    for name in (queue_var, "DESTINATION_BUCKET", "AWS_ENDPOINT_URL", "HTTP_LISTEN"):
        if name not in env:
            problem(f"{path}: the worker's environment lacks {name}")
    grace = worker.get("stop_grace_period", "10s")
    if int(str(grace).rstrip("s")) <= 90:
        problem(f"{path}: stop_grace_period {grace} must exceed the image's SHUTDOWN_GRACE_SECONDS (90)")


# ---- Kubernetes ---------------------------------------------------------------------------

def job_templates_configmap(root):
    folder = os.path.join(root, "job-templates")
    data = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as handle:
                data[name] = handle.read()
    return {
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "media-worker-job-templates", "namespace": "media", "labels": {"app.kubernetes.io/name": "media-worker"}},
        "data": data,
    }


class LiteralDumper(yaml.SafeDumper):
    pass


LiteralDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def check_kubernetes(root, write):
    folder = os.path.join(root, "infra/kubernetes")
    generated = job_templates_configmap(root)
    target = os.path.join(folder, "job-templates.yaml")
    if write:
        with open(target, "w") as handle:
            handle.write("# Generated from job-templates/ by: python3 Tests/Helpers/check_infra.py kubernetes . --write\n")
            yaml.dump(generated, handle, Dumper=LiteralDumper, sort_keys=False, width=1000)
    documents = {}
    with open(os.path.join(folder, "kustomization.yaml")) as handle:
        kustomization = yaml.safe_load(handle)
    files = sorted(f for f in os.listdir(folder) if f.endswith(".yaml") and f != "kustomization.yaml")
    for resource in kustomization.get("resources", []):
        if resource not in files:
            problem(f"kustomization.yaml names {resource}, which does not exist")
    for name in files:
        for doc in load_all(os.path.join(folder, name)):
            for field in ("apiVersion", "kind", "metadata"):
                if field not in doc:
                    problem(f"{name}: a document without {field}")
            documents.setdefault(doc.get("kind"), []).append((name, doc))

    def one(kind):
        found = documents.get(kind, [])
        if not found:
            problem(f"no {kind}")
            return {}
        return found[0][1]

    deployment, account, pdb = one("Deployment"), one("ServiceAccount"), one("PodDisruptionBudget")
    configmaps = {doc["metadata"]["name"]: doc for _, doc in documents.get("ConfigMap", [])}
    if configmaps.get("media-worker-job-templates", {}).get("data") != generated["data"]:
        problem("job-templates.yaml differs from job-templates/: run python3 Tests/Helpers/check_infra.py kubernetes . --write")
    spec = deployment.get("spec", {})
    labels = spec.get("template", {}).get("metadata", {}).get("labels", {})
    if spec.get("selector", {}).get("matchLabels", {}).items() - labels.items():
        problem("deployment: the selector does not match the pod labels")
    pod = spec.get("template", {}).get("spec", {})
    if pod.get("serviceAccountName") != account.get("metadata", {}).get("name"):
        problem("deployment: serviceAccountName is not the ServiceAccount's name")
    if "eks.amazonaws.com/role-arn" not in account.get("metadata", {}).get("annotations", {}):
        problem("serviceaccount: no eks.amazonaws.com/role-arn annotation (IRSA)")
    config = configmaps.get("media-worker-config", {}).get("data", {})
    grace = float(config.get("SHUTDOWN_GRACE_SECONDS", 30))
    if pod.get("terminationGracePeriodSeconds", 30) <= grace + 15:
        problem(f"deployment: terminationGracePeriodSeconds must exceed SHUTDOWN_GRACE_SECONDS ({grace}) with room to release messages")
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        problem("deployment: the pod does not set runAsNonRoot")
    containers = pod.get("containers", [])
    if len(containers) != 1:
        problem("deployment: expected one container")
    container = containers[0] if containers else {}
    port = int(config.get("HTTP_LISTEN", ":0").rsplit(":", 1)[1])
    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = container.get(probe, {}).get("httpGet", {})
        if get.get("path") != path or ports.get(get.get("port"), get.get("port")) != port:
            problem(f"deployment: {probe} is not GET {path} on HTTP_LISTEN's port {port}")
    refs = [e["valueFrom"]["secretKeyRef"] for e in container.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]
    if not refs or not all(r.get("optional") for r in refs):
        problem("deployment: the MinIO keys must come from an optional Secret reference")
    mounts = {m["name"]: m["mountPath"] for m in container.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    if volumes.get("job-templates", {}).get("configMap", {}).get("name") != "media-worker-job-templates":
        problem("deployment: the job-templates volume is not the templates ConfigMap")
    if not config.get("JOB_TEMPLATE", "").startswith(mounts.get("job-templates", "?")):
        problem("deployment: JOB_TEMPLATE is not inside the mounted templates")
    if config.get("WORK_DIR") != mounts.get("work"):
        problem("deployment: WORK_DIR is not the mounted work volume")
    if pdb.get("spec", {}).get("selector", {}).get("matchLabels") != spec.get("selector", {}).get("matchLabels"):
        problem("pdb: the selector does not match the Deployment's")
    triggers = set()
    for name, scaled in documents.get("ScaledObject", []):
        if scaled["spec"].get("scaleTargetRef", {}).get("name") != deployment.get("metadata", {}).get("name"):
            problem(f"{name}: scaleTargetRef is not the Deployment")
        for trigger in scaled["spec"].get("triggers", []):
            triggers.add(trigger.get("type"))
            meta = trigger.get("metadata", {})
            if trigger.get("type") == "aws-sqs-queue" and meta.get("queueURL") != config.get("QUEUE_URL"):
                problem(f"{name}: the trigger's queueURL differs from QUEUE_URL")
            if trigger.get("type") == "redis" and not meta.get("listName"):
                problem(f"{name}: the redis trigger names no list")
    for wanted in ("aws-sqs-queue", "redis"):
        if wanted not in triggers:
            problem(f"no KEDA {wanted} trigger")
    if not problems:
        print(f"ok kubernetes: {sum(len(v) for v in documents.values())} documents in {len(files)} files")


# ---- CloudFormation lifecycle ---------------------------------------------------------------

class CfnLoader(yaml.SafeLoader):
    pass


def _tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {("Ref" if suffix == "Ref" else "Fn::" + suffix): value}


CfnLoader.add_multi_constructor("!", _tag)


def lifecycle(root, prefix="inputs/"):
    with open(os.path.join(root, "infra/cloudformation/media-worker.yaml")) as handle:
        template = yaml.load(handle, Loader=CfnLoader)
    rules = template["Resources"]["WatchBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    converted = []
    for rule in rules:
        out = {"ID": rule["Id"], "Status": rule["Status"]}
        rule_prefix = rule.get("Prefix")
        out["Filter"] = {"Prefix": prefix if isinstance(rule_prefix, dict) else (rule_prefix or "")}
        if "ExpirationInDays" in rule:
            out["Expiration"] = {"Days": rule["ExpirationInDays"]}
        if "AbortIncompleteMultipartUpload" in rule:
            out["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
        converted.append(out)
    print(json.dumps({"Rules": converted}))


# ---- The image's root file system, built and run without an engine -------------------------
# scripts/container-check.sh builds the runtime stage with debootstrap and chroot from the
# plan `dockerfile-runtime` prints, runs the image's commands in it and writes a manifest of
# what ran; `container-manifest` compares that manifest with the Dockerfile.

SEPARATOR = "\x1f"
# What a whole run does (scripts/container-check.sh's step names).
CONTAINER_STEPS = ("build", "stage", "version", "setup", "healthcheck", "deliver", "stop", "console", "process", "outputs")
# Where the build stage's files are: everything the runtime stage copies from it is under /out/.
BUILD_OUT = "/out/"


def env_pairs(rest):
    """ENV's two forms: `ENV KEY=value ...` and the legacy `ENV KEY value`."""
    words = shlex.split(rest)
    if words and "=" not in words[0]:
        return [(words[0], rest.split(None, 1)[1].strip() if len(words) > 1 else "")]
    return [tuple(word.split("=", 1)) for word in words]


def exec_form(instruction, rest):
    try:
        words = json.loads(rest)
    except ValueError:
        words = None
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise SystemExit(f"Dockerfile: {instruction} {rest}: only the exec form ([\"...\"]) is carried out without an engine")
    return words


def runtime_plan(root):
    """The build stage's `swift build` and the runtime stage's instructions, in order."""
    with open(os.path.join(root, "infra/docker/Dockerfile")) as handle:
        stages = dockerfile_stages(handle.read())
    if len(stages) < 2:
        raise SystemExit("Dockerfile: expected a build stage and a runtime stage")
    build, runtime = stages[0], stages[-1]
    plan = {"from": runtime["from"], "build": None, "steps": [], "packages": apt_packages(runtime["lines"]),
            "env": {}, "user": None, "workdir": None, "entrypoint": [], "cmd": [], "healthcheck": [], "stopsignal": "SIGTERM"}
    for instruction, rest in build["lines"]:
        if instruction != "RUN":
            continue
        commands = [c.strip() for c in rest.split("&&")]
        swift = [c for c in commands if c.startswith("swift build") and "--product" in c.split()]
        if swift:
            words = swift[0].split()
            product = words[words.index("--product") + 1]
            installed = [c.split()[-1] for c in commands if c.startswith("install ") and c.split()[-1].startswith(BUILD_OUT)]
            stage = commands[commands.index(swift[0]) + 1:]
            for command in stage:
                # The check runs these with /out/ as a folder of its own: /out must be written /out/.
                if re.search(r"(^|[\s\"'=])/out(?!/)", command) or re.search(r"[^\s\"'=]/out/", command):
                    raise SystemExit(f"Dockerfile: build stage `{command}`: write the output folder as {BUILD_OUT} (a path of its own)")
            plan["build"] = {"command": swift[0], "product": product,
                             "out": next((p for p in installed if os.path.basename(p) == product), installed[0] if installed else None),
                             "stage": stage}
    if plan["build"] is None:
        raise SystemExit("Dockerfile: the build stage has no `swift build ... --product NAME` RUN")
    for instruction, rest in runtime["lines"]:
        if instruction == "RUN":
            plan["steps"].append(["RUN", rest])
        elif instruction in ("COPY", "ADD"):
            words = rest.split()
            origin = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), "")
            paths = [w for w in words if not w.startswith("--")]
            if instruction == "ADD" or len(paths) != 2:
                raise SystemExit(f"Dockerfile: {instruction} {rest}: only COPY of one source to one destination is carried out")
            plan["steps"].append(["COPY", origin, paths[0], paths[1]])
        elif instruction == "ENV":
            for key, value in env_pairs(rest):
                plan["env"][key] = value
                plan["steps"].append(["ENV", key, value])
        elif instruction == "USER":
            plan["user"] = rest
            plan["steps"].append(["USER", rest])
        elif instruction == "WORKDIR":
            plan["workdir"] = rest
            plan["steps"].append(["WORKDIR", rest])
        elif instruction == "ENTRYPOINT":
            plan["entrypoint"] = exec_form(instruction, rest)
        elif instruction == "CMD":
            plan["cmd"] = exec_form(instruction, rest)
        elif instruction == "HEALTHCHECK":
            plan["healthcheck"] = exec_form(instruction, rest.split("CMD", 1)[1].strip()) if "CMD" in rest.split() else []
        elif instruction == "STOPSIGNAL":
            plan["stopsignal"] = rest
    return plan


def build_outputs(plan):
    """What the build stage's commands after `swift build` put in /out/: path -> "file" or "dir".
    Read from `install ... SRC /out/NAME` (a file) and `cp -R|-r|-a SRC /out/[NAME]` (a folder)."""
    outputs = {}
    for command in plan["build"]["stage"]:
        try:
            words = shlex.split(command)
        except ValueError:
            continue
        if len(words) < 3 or not words[-1].startswith(BUILD_OUT):
            continue
        target, source = words[-1], words[-2]
        name = target + os.path.basename(source.rstrip("/")) if target.endswith("/") else target
        if words[0] == "install" and "-d" not in words:
            outputs[name] = "file"
        elif words[0] == "cp" and any(w.startswith("-") and not w.startswith("--") and ("R" in w or "r" in w or "a" in w) for w in words[1:-2]):
            outputs[name] = "dir"
    return outputs


def image_layout(plan):
    """Where COPY --from=build puts the build stage's /out/ entries in the image, with Docker's
    rules (a folder's contents go into the destination; a file to it, or into it when it ends
    with /): image path -> (kind, /out/ path)."""
    outputs = build_outputs(plan)
    layout = {}
    for step in plan["steps"]:
        if step[0] != "COPY" or not step[1]:
            continue
        origin, source, target = step[1:]
        if origin != "build":
            raise SystemExit(f"Dockerfile: COPY --from={origin}: only the build stage is carried out")
        source = source.rstrip("/") or "/"
        if source == BUILD_OUT.rstrip("/") or outputs.get(source) == "dir":
            if outputs.get(source) == "dir":
                layout[target.rstrip("/") or "/"] = ("dir", source)
            prefix = source + "/"
            for path, kind in outputs.items():
                if path.startswith(prefix):
                    layout[os.path.join(target, path[len(prefix):])] = (kind, path)
        elif outputs.get(source) == "file":
            layout[os.path.join(target, os.path.basename(source)) if target.endswith("/") else target] = ("file", source)
        else:
            raise SystemExit(f"Dockerfile: COPY --from=build {step[2]}: the build stage puts no such file in {BUILD_OUT} "
                             f"({', '.join(sorted(outputs)) or 'nothing'})")
    return layout


def print_runtime_plan(root):
    plan = runtime_plan(root)
    build = plan["build"]
    image_layout(plan)  # every COPY --from=build names something the build stage makes
    lines = [["FROM", plan["from"]], ["BUILD", build["command"], build["product"], build["out"] or ""],
             *[["STAGE", command] for command in build["stage"]],
             ["PACKAGES", *plan["packages"]]]
    lines += plan["steps"]
    lines += [["ENTRYPOINT", *plan["entrypoint"]],
              ["CMD", *plan["cmd"]], ["HEALTHCHECK", *plan["healthcheck"]], ["STOPSIGNAL", plan["stopsignal"]]]
    for line in lines:
        if any(SEPARATOR in field or "\n" in field for field in line):
            raise SystemExit(f"Dockerfile: {line[0]} holds a newline or \\x1f")
        print(SEPARATOR.join(line))


def check_container_manifest(root, path):
    plan = runtime_plan(root)
    try:
        with open(path) as handle:
            manifest = json.load(handle)
    except (OSError, ValueError) as error:
        return problem(f"{path}: no manifest to check ({error}): run `make container-check`")
    # Every step ran and succeeded, the HEALTHCHECK among them, as the Dockerfile writes it
    # (first: what did not happen after a failed step follows from it).
    steps = manifest.get("steps", [])
    ran = {s.get("name") for s in steps}
    for step in steps:
        if step.get("exit") != 0:
            problem(f"step {step.get('name')}: exit {step.get('exit')} ({step.get('command', '')[:200]}): {step.get('detail', '')[:300]}")
    for name in CONTAINER_STEPS:
        if name not in ran:
            problem(f"steps: no {name} step in the manifest (the run stopped before it: see the logs beside the manifest)")
    health = [s for s in steps if s.get("name") == "healthcheck"]
    if plan["healthcheck"] and (not health or health[0].get("argv") != plan["healthcheck"]):
        problem(f"healthcheck: the manifest's health step is not the HEALTHCHECK CMD {plan['healthcheck']}")
    installed = manifest.get("installed", {})
    base = set(manifest.get("base_installed", []))
    wanted = plan["packages"]
    # Every runtime package is installed in the root, at the version recorded...
    missing = [name for name in wanted if name not in installed]
    if missing:
        problem("packages: in the Dockerfile's runtime apt-get install but not installed in the root: " + " ".join(missing))
    for name in wanted:
        entry = installed.get(name)
        if entry is not None and entry.get("status") != "install ok installed":
            problem(f"packages: {name} is {entry.get('status')} in the root, not 'install ok installed'")
    # ...and the packages asked for beyond the base (apt-mark showmanual) are exactly those.
    asked = set(manifest.get("manual", [])) - base
    if asked - set(wanted):
        problem("packages: installed on request but not in the Dockerfile: " + " ".join(sorted(asked - set(wanted))))
    not_asked = (set(wanted) - base) - asked - set(missing)
    if not_asked:
        problem("packages: in the Dockerfile, installed, but not asked for (apt-mark showmanual): " + " ".join(sorted(not_asked)))
    # The worker ran as the Dockerfile's USER, never as root.
    user = plan["user"] or "0:0"
    uid_text, _, gid_text = user.partition(":")
    account = manifest.get("user", {})
    want_uid = int(uid_text) if uid_text.isdigit() else (account.get("uid") if account.get("name") == uid_text else None)
    want_gid = int(gid_text) if gid_text.isdigit() else (account.get("gid") if gid_text in ("", account.get("group")) else None)
    process = manifest.get("process", {})
    uids, gids = process.get("uid", []), process.get("gid", [])
    if not uids or not gids:
        problem("process: the manifest records no uid/gid of the running worker")
    else:
        if 0 in uids or 0 in gids:
            problem(f"process: the worker ran as uid {uids} gid {gids} (root); the Dockerfile's USER is {user}")
        elif want_uid is None or any(u != want_uid for u in uids):
            problem(f"process: the worker's uids {uids} are not USER {user}'s ({want_uid})")
        elif want_gid is not None and any(g != want_gid for g in gids):
            problem(f"process: the worker's gids {gids} are not USER {user}'s ({want_gid})")
    if not account:
        problem(f"user: no account for USER {user} in the root's /etc/passwd")
    elif account.get("uid") != want_uid:
        problem(f"user: the root's {account.get('name')} has uid {account.get('uid')}, USER says {user}")
    # The Dockerfile's ENV, unchanged, in the running worker's environment.
    environ = process.get("environ", {})
    for key, value in plan["env"].items():
        if key not in environ:
            problem(f"env: {key} (ENV {key}={value}) was not in the worker's environment")
        elif environ[key] != value:
            problem(f"env: {key} was {environ[key]!r} in the worker, the Dockerfile's ENV says {value!r}")
    if plan["workdir"] and process.get("cwd") != plan["workdir"]:
        problem(f"workdir: the worker ran in {process.get('cwd')}, WORKDIR is {plan['workdir']}")
    # ENTRYPOINT and CMD: the binary installed there is the one that ran, with CMD's arguments.
    entrypoint = plan["entrypoint"]
    binary = manifest.get("binary", {})
    if not entrypoint:
        problem("Dockerfile: no ENTRYPOINT")
    else:
        if binary.get("path") != entrypoint[0]:
            problem(f"binary: installed at {binary.get('path')}, the ENTRYPOINT is {entrypoint[0]}")
        if process.get("exe") != entrypoint[0]:
            problem(f"process: the worker that ran was {process.get('exe')}, the ENTRYPOINT is {entrypoint[0]}")
        if process.get("argv") != entrypoint + plan["cmd"]:
            problem(f"process: the worker ran as {process.get('argv')}, ENTRYPOINT + CMD is {entrypoint + plan['cmd']}")
    if not binary.get("version", "").startswith(plan["build"]["product"] + " "):
        problem(f"binary: `--version` printed {binary.get('version', '')[:80]!r}, not the {plan['build']['product']} version")
    if binary.get("build") != plan["build"]["command"]:
        problem(f"binary: built with {binary.get('build')!r}, the Dockerfile builds with {plan['build']['command']!r}")
    # COPY --from=build: the console's resources, beside the binary, are the repository's.
    if entrypoint:
        bundle = console_bundle(root)
        beside = os.path.join(os.path.dirname(entrypoint[0]), bundle)
        wanted_files = bundle_files(os.path.join(root, "Sources/MediaWorkerConsole/Resources"))
        found = manifest.get("resources", {}).get(beside)
        if found is None:
            problem(f"resources: no {beside} in the root (the console's templates and scripts, beside {entrypoint[0]})")
        elif found != ["Resources/" + f for f in wanted_files]:
            lacking = sorted(set("Resources/" + f for f in wanted_files) - set(found))
            extra = sorted(set(found) - set("Resources/" + f for f in wanted_files))
            problem(f"resources: {beside} differs from Sources/MediaWorkerConsole/Resources"
                    f"{' (lacks ' + ' '.join(lacking) + ')' if lacking else ''}{' (has also ' + ' '.join(extra) + ')' if extra else ''}")
        # `console` ran in the root as the USER, and answered (its step).
        console = manifest.get("console", {})
        if not console.get("uid") or not console.get("gid"):
            problem("console: the manifest records no uid/gid of a running console (it did not serve: see the console step)")
        else:
            if any(u != want_uid for u in console["uid"]) or (want_gid is not None and any(g != want_gid for g in console["gid"])):
                problem(f"console: ran as uid {console['uid']} gid {console['gid']}, not USER {user}")
            if console.get("argv") != [entrypoint[0], "console"]:
                problem(f"console: ran as {console.get('argv')}, not {[entrypoint[0], 'console']}")
    # COPY job-templates: the templates in the image are the repository's.
    for step in plan["steps"]:
        if step[0] == "COPY" and not step[1] and os.path.isdir(os.path.join(root, step[2])):
            wanted_files = sorted(os.listdir(os.path.join(root, step[2])))
            if manifest.get("job_templates") != wanted_files:
                problem(f"copy: {step[3]} holds {manifest.get('job_templates')}, COPY {step[2]} gives {wanted_files}")
    if not problems:
        versions = ", ".join(f"{n} {installed[n]['version']}" for n in wanted)
        print(f"ok container-manifest: {len(wanted)} runtime packages ({versions}); {len(installed)} installed in all; "
              f"worker ran as {uids[0]}:{gids[0]} in {process.get('cwd')} with the Dockerfile's {len(plan['env'])} ENV values; "
              f"{entrypoint[0]} {' '.join(plan['cmd'])}; the console's {len(found)} resources beside it, `console` served as "
              f"{console['uid'][0]}:{console['gid'][0]}; {len(steps)} steps exit 0")


def main():
    command, root = sys.argv[1], sys.argv[2]
    if command == "dockerfile":
        check_dockerfile(root, sys.argv[3])
    elif command == "compose":
        check_compose(root)
    elif command == "kubernetes":
        check_kubernetes(root, "--write" in sys.argv)
    elif command == "lifecycle":
        lifecycle(root)
        return
    elif command == "dockerfile-runtime":
        print_runtime_plan(root)
        return
    elif command == "container-manifest":
        check_container_manifest(root, sys.argv[3])
    else:
        sys.exit(f"unknown check {command}")
    for text in problems:
        print(text)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
