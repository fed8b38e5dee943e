"""factory plan (or a no-op factory apply) answered by the running daemon, without starting a JVM.

The launcher (factory) runs this with /usr/bin/python3 -I -S, before any JVM, for a run made only of
the fast path's options: a JVM takes ~0.2 s to reach main on a slow host, this ~0.03 s. It is the
same client as dev.factory.cli.QuickPlan (keep the two in step: QuickPlanPythonIT parses thousands of
command lines with both; LauncherIT runs both against the production control socket and compares what
they print and how they end; PlanThroughDaemonIT runs this one against a real daemon): the same options, the same
request line, the same daemons asked in the same order, the same output and exit codes.

It handles only the outcomes it is sure of and leaves everything else to the JVM CLI, by its exit code:
  75  not taken: the CLI goes the whole way (it asks the daemons itself);
  76  the daemons were asked and none made this run's plan (none listens, none plans this config, a
      no-op apply found changes or errors): the CLI plans here without asking again.
It writes nothing but the daemon's text on stdout and the CLI's own line on stderr, opens nothing
but the socket (it stats the config directory and the bootstrap file, and looks up its user's home),
and runs nothing.
"""
import sys

try:
    import json
    import os
    import pwd
    import re
    import socket
    import time
except ImportError:  # a Python without its standard library (python3-minimal): the CLI takes the run
    sys.exit(75)

WHOLE_WAY = 75
PLAN_HERE = 76
OK, ERROR, CHANGES_PENDING, INTERRUPTED = 0, 1, 2, 130
PLAN_WITHIN_S = 120  # PlanCommand.PLAN_WITHIN
BOOTSTRAP = "/etc/factory/factory.yaml"  # Bootstrap.DEFAULT
DEFAULT_CONFIG = "factory-config"  # CommonOptions.DEFAULT_CONFIG
SYSTEM_STATE = "/var/lib/factory"


def parse(args):
    """QuickPlan.parse: the request args make, or None when any of them needs the whole command line."""
    if not args or args[0] not in ("plan", "apply"):
        return None
    apply = args[0] == "apply"
    r = {"apply": apply, "config": None, "stateDir": None, "refresh": False, "detailed": False, "noColor": False,
         "targets": [], "excludes": []}
    i = 1
    while i < len(args):
        arg = args[i]
        inline = "=" in arg
        name = arg[:arg.index("=")] if inline else arg
        if name in ("--auto-approve", "--allow-mass-delete"):
            if inline or not apply:
                return None
        elif name == "--parallelism":
            if not apply:
                return None
            if inline:
                value = arg[arg.index("=") + 1:]
            elif i + 1 < len(args):
                i += 1
                value = args[i]
            else:
                value = ""
            if not re.fullmatch(r"[1-9][0-9]{0,3}", value):
                return None
        elif name in ("--refresh", "-refresh", "--detailed-exitcode", "--no-color"):
            if inline or (apply and name == "--detailed-exitcode"):
                return None
            if name.endswith("refresh"):
                r["refresh"] = True
            elif name == "--detailed-exitcode":
                r["detailed"] = True
            else:
                r["noColor"] = True
        elif name in ("--config", "--state-dir", "--target", "-target", "--exclude", "-exclude"):
            if inline:
                value = arg[arg.index("=") + 1:]
            else:
                if i + 1 >= len(args):
                    return None
                i += 1
                value = args[i]
            if not value or value.startswith("-"):
                return None
            if name == "--config":
                if r["config"] is not None:
                    return None
                r["config"] = value
            elif name == "--state-dir":
                if r["stateDir"] is not None:
                    return None
                r["stateDir"] = value
            elif name.endswith("target"):
                r["targets"].append(value)
            else:
                r["excludes"].append(value)
        else:
            return None
        i += 1
    return r


def absolute(path):
    """Path.toAbsolutePath().normalize(): lexical, against the working directory; one leading slash, as Java's paths."""
    return "/" + os.path.abspath(path).lstrip("/")


def offered_config(config):
    """PlanCommand.offeredConfig: --config, else factory-config when no bootstrap file is there; None when none is."""
    if config is None and os.path.isfile(BOOTSTRAP):
        return None
    directory = absolute(config if config is not None else DEFAULT_CONFIG)
    return directory if os.path.isdir(directory) else None


def state_dirs(state_dir):
    """PlanCommand.daemonStateDirs: --state-dir's, else yours (user.home: the password file's, as the JVM's) and the system's."""
    if state_dir is not None:
        return [absolute(state_dir)]
    return [os.path.join(pwd.getpwuid(os.getuid()).pw_dir, ".local", "state", "factory"), SYSTEM_STATE]


def color(no_color):
    """CommonOptions.color: a terminal (the JDK 17 console: stdin and stdout), unless --no-color, NO_COLOR or TERM=dumb."""
    return (not no_color and "NO_COLOR" not in os.environ and os.isatty(0) and os.isatty(1)
            and os.environ.get("TERM") != "dumb")


def request_line(config, r):
    """QuickPlan.requestLine, as the daemon reads it (the same fields; JSON's escapes may differ, the values do not)."""
    request = {"command": "plan", "config": config, "refresh": r["refresh"]}
    if r["stateDir"] is not None:
        request["stateDir"] = absolute(r["stateDir"])
    request["targets"] = r["targets"]
    request["excludes"] = r["excludes"]
    request["render"] = {"color": color(r["noColor"])}
    return (json.dumps(request, separators=(",", ":")) + "\n").encode("utf-8")


class Stuck(Exception):
    """The daemon took the request and did not answer in time."""


def exchange(path, line):
    """ControlSocket.exchange: the answer's bytes, None when nobody answers there (no socket, refused, reset)."""
    if not os.path.lexists(path):
        return None
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            s.connect(path)
            s.sendall(line)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            return None
        deadline = time.monotonic() + PLAN_WITHIN_S
        chunks = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Stuck()
            s.settimeout(left)
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                raise Stuck()
            except OSError:
                return None
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        s.close()


def answer(args):
    """The exit code of a run this client answered, or WHOLE_WAY / PLAN_HERE (see the module's text)."""
    if any(not a.isascii() for a in args):
        return WHOLE_WAY  # the JVM decodes arguments by the locale; it alone says what such a path is
    r = parse(args)
    if r is None:
        return WHOLE_WAY
    config = offered_config(r["config"])
    if config is None:
        return WHOLE_WAY
    line = request_line(config, r)
    for state in state_dirs(r["stateDir"]):
        sock = os.path.join(state, "control", "daemon.sock")
        try:
            raw = exchange(sock, line)
        except Stuck:
            sys.stderr.write("warning: the daemon at " + sock + " took the request but did not answer within "
                             + str(PLAN_WITHIN_S) + " s; it may be stuck (see its log, or restart it: systemctl restart factory)"
                             + "; planning here instead\n")
            continue
        if raw is None:
            continue
        try:
            reply = json.loads(raw.decode("utf-8"))
        except ValueError:
            return WHOLE_WAY  # not an answer this client reads (an empty one: the daemon was busy); the CLI words it
        if not isinstance(reply, dict):
            return WHOLE_WAY
        if reply.get("mine") is not True:
            continue
        text = reply.get("text")
        errors = reply.get("errors") is True
        pending = reply.get("pending") is True
        if not isinstance(text, str):
            return WHOLE_WAY  # a daemon of a factory before rendering: the CLI reads its plan as JSON
        if r["apply"] and (errors or pending):
            continue  # not the daemon's to apply: the next daemon, else this run plans and applies itself
        pid, took = reply.get("pid"), reply.get("tookMs")
        sys.stderr.write("(planned by the running factory daemon, pid %d, in %d ms; --no-daemon plans here)\n"
                         % (pid if isinstance(pid, int) else 0, took if isinstance(took, int) else 0))
        sys.stderr.flush()
        try:
            sys.stdout.buffer.write(text.encode("utf-8", "replace"))  # a lone surrogate: "?", as the JVM's encoder writes it
            sys.stdout.flush()
        except BrokenPipeError:
            sys.stdout = None  # as the JVM's PrintWriter: a reader that went away does not change the exit code
        if errors:
            return ERROR
        return CHANGES_PENDING if r["detailed"] and pending else OK
    return PLAN_HERE


def main():
    try:
        code = answer(sys.argv[1:])
    except KeyboardInterrupt:
        code = INTERRUPTED
    except Exception:  # anything this client did not foresee: the CLI goes the whole way
        code = WHOLE_WAY
    sys.exit(code)


if __name__ == "__main__":
    main()
