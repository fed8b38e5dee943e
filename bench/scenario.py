#!/usr/bin/env python3
"""Writes a benchmark scenario: a factory config (and its repos) of a given size, plus a compose file."""
import os, shutil, subprocess, sys

SIZES = {  # services, images, repos, files, files in the big-context image (one of the images)
    "tiny": (5, 3, 2, 3, 50),
    "small": (200, 1, 0, 0, 0),
    "large": (500, 100, 100, 300, 10000),
    # 5,000 objects, to show growth; fewer containers than large's share (each running one costs the
    # engine a shim process, and 2,500 would crowd this 24 GiB machine), more repos and files
    "huge": (1000, 500, 1000, 2500, 10000),
}

def main(scenario, work, owner):
    services, images, repos, files, context = SIZES[scenario]
    cfg = os.path.join(work, "config")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(cfg, "box"))
    shutil.copy("/bin/busybox", os.path.join(cfg, "box", "busybox"))
    with open(os.path.join(cfg, "box", "Dockerfile"), "w") as f:
        f.write('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n')
    y = [f"host:\n  name: {owner}\n  stateDir: ../state\n", "prune:\n  maxDeletions: 100000\n",
         f"images:\n  {owner}-box:\n    context: box\n    from: scratch\n"]
    for i in range(1, images - (1 if context else 0)):
        d = os.path.join(cfg, "img", str(i))
        os.makedirs(d)
        open(os.path.join(d, "f.txt"), "w").write(f"image {i}\n")
        open(os.path.join(d, "Dockerfile"), "w").write("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY f.txt /\n")
        y.append(f"  {owner}-img-{i}:\n    context: img/{i}\n    from: {owner}-box\n")
    if context:  # one image whose context holds many small files: the digest cache's case
        for i in range(context):
            d = os.path.join(cfg, "ctx", "src", f"d{i // 100}")
            os.makedirs(d, exist_ok=True)
            open(os.path.join(d, f"f{i}.txt"), "w").write(f"context file {i}\n" * 8)
        open(os.path.join(cfg, "ctx", "Dockerfile"), "w").write("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY src /src\n")
        y.append(f"  {owner}-ctx:\n    context: ctx\n    from: {owner}-box\n")
    y.append(f"profiles:\n  worker:\n    image: {owner}-box\n    network: none\n    resources: {{memory: 32m, pids: 16}}\n")
    y.append("services:\n")
    for i in range(services):
        y.append(f"  {scenario}-s{i}:\n    profile: worker\n    command: [sleep, \"86400\"]\n")
    if repos:
        remotes = os.path.join(work, "remotes")
        os.makedirs(remotes)
        y.append("repos:\n")
        for i in range(repos):
            bare = os.path.join(remotes, f"r{i}.git")
            seed = os.path.join(remotes, f"seed{i}")
            git = ["git", "-c", "user.name=b", "-c", "user.email=b@b", "-c", "init.defaultBranch=main"]
            subprocess.run(git + ["init", "-q", "--bare", bare], check=True)
            subprocess.run(git + ["init", "-q", seed], check=True)
            open(os.path.join(seed, "README.md"), "w").write(f"repo {i}\n")
            subprocess.run(git + ["-C", seed, "add", "."], check=True)
            subprocess.run(git + ["-C", seed, "commit", "-qm", "seed"], check=True)
            subprocess.run(git + ["-C", seed, "push", "-q", bare, "HEAD:main"], check=True)
            y.append(f"  r{i}:\n    url: file://{bare}\n    path: {os.path.join(work, 'clones', f'r{i}')}\n")
    if files:
        y.append("files:\n")
        for i in range(files):
            y.append(f"  f{i}:\n    path: {os.path.join(work, 'rendered', f'f{i}.txt')}\n    content: \"file {i}\\n\"\n")
    open(os.path.join(cfg, "factory.yaml"), "w").write("".join(y))
    with open(os.path.join(work, "docker-compose.yml"), "w") as f:
        f.write("version: '2.4'\nservices:\n")
        for i in range(services):
            f.write(f"  s{i}:\n    image: {owner}-box:latest\n    command: [sleep, \"86400\"]\n    network_mode: none\n    mem_limit: 32m\n")
    print(services, images, repos, files, context)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
