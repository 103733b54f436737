"""Outputs that never replace what they should not (devices, FIFOs, links, read-only files), survive a
kill -9 mid-write with the old file whole, clean up after it, and fail in one line on a full disk, a
read-only folder, or a full or closed standard output."""

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gdsim.cli import main
from gdsim.formats import files

ROOT = Path(__file__).resolve().parent.parent
PNG_EXPORT = ["export", "--lesson", "momentum", "--stage", "2", "--format", "png", "--size", "240x200"]
SWEEP = ["sweep", "--points", "2", "--steps", "3"]


def gdsim(*args: str, stdout=subprocess.PIPE, **kwargs) -> subprocess.CompletedProcess:
    """`gdsim ARGS` as a user runs it, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "gdsim", *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, **kwargs)


def one_line_error(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("gdsim: error: ") and "Traceback" not in err, err
    return err


def a_device(folder: Path, name: str) -> Path:
    """A character device node like /dev/full, made in `folder`: replacing it would be harmless here."""
    node = folder / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return node


def a_fifo(folder: Path, name: str) -> Path:
    fifo = folder / name
    os.mkfifo(fifo)
    return fifo


# --- what atomic_write replaces -------------------------------------------------------------------
def test_a_symlink_is_written_through_to_the_file_it_names(tmp_path):
    (tmp_path / "real.json").write_text("old")
    (tmp_path / "link.json").symlink_to("real.json")
    files.atomic_write_text(tmp_path / "link.json", "new")
    assert (tmp_path / "link.json").is_symlink() and os.readlink(tmp_path / "link.json") == "real.json"
    assert (tmp_path / "real.json").read_text() == "new"
    assert sorted(os.listdir(tmp_path)) == ["link.json", "real.json"]


@pytest.mark.parametrize("make", [a_device, a_fifo], ids=["device", "fifo"])
def test_a_device_or_fifo_is_refused_and_stays_what_it_was(tmp_path, make):
    node = make(tmp_path, "out.png")
    kind = stat.S_IFMT(os.stat(node).st_mode)
    with pytest.raises(files.OutputRefused) as refused:
        files.atomic_write_text(node, "a picture")
    assert files.write_problem(refused.value) is files.WriteProblem.NOT_A_FILE
    assert stat.S_IFMT(os.stat(node).st_mode) == kind and os.listdir(tmp_path) == ["out.png"]


def test_standard_output_by_name_is_refused_not_replaced(tmp_path):
    """`-o /dev/stdout` with stdout appended to a file: renaming onto the file it names would lose what it
    held. The link is made in tmp_path, as /dev/stdout is made: the unfixed code replaced /dev/stdout itself."""
    log = tmp_path / "log.txt"
    log.write_text("kept\n")
    (tmp_path / "stdout").symlink_to("/proc/self/fd/1")
    child = textwrap.dedent("""
        import sys
        from gdsim.formats.files import atomic_write_text
        try:
            atomic_write_text(sys.argv[1], "new\\n")
        except OSError as refused:
            print("refused:", refused.strerror)
    """)
    with open(log, "a") as appended:
        subprocess.run([sys.executable, "-c", child, str(tmp_path / "stdout")], stdout=appended, check=True,
                       timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert log.read_text() == "kept\nrefused: an open file descriptor\n"
    assert os.readlink(tmp_path / "stdout") == "/proc/self/fd/1"


def test_a_read_only_file_is_kept_unless_replacing_it_is_asked_for(tmp_path):
    target = tmp_path / "setup.toml"
    target.write_text("old")
    os.chmod(target, 0o444)
    with pytest.raises(files.OutputRefused) as refused:
        files.atomic_write_text(target, "new")
    assert files.write_problem(refused.value) is files.WriteProblem.READ_ONLY_FILE and target.read_text() == "old"
    files.atomic_write_text(target, "new", replace_read_only=True)
    assert target.read_text() == "new" and os.stat(target).st_mode & 0o777 == 0o444
    assert os.listdir(tmp_path) == ["setup.toml"]


def test_an_empty_name_is_refused_as_no_name(tmp_path):
    with pytest.raises(files.OutputRefused) as refused:
        files.atomic_write_text("", "x")
    assert files.write_problem(refused.value) is files.WriteProblem.NO_NAME


# --- kill -9 mid-write ----------------------------------------------------------------------------
WRITERS = {
    # A large file, killed halfway through writing it.
    "large": """
        def write(temporary):
            with open(temporary, "wb") as file:
                for chunk in range(64):
                    file.write(bytes([chunk]) * 65536)
                    if chunk == 32:
                        file.flush()
                        ready()
        atomic_write(target, write)
    """,
    # File ▸ Export and gdsim export: the whole GIF written by its writer, killed before the rename.
    "export": """
        import numpy as np
        from gdsim.formats import ExportFormat
        from gdsim.formats.animation import write_animation
        frames = [np.full((64, 64, 3), k * 20, np.uint8) for k in range(10)]
        def write(temporary):
            write_animation(temporary, frames, ExportFormat.GIF, 10)
            ready()
        atomic_write(target, write)
    """,
    # Save Setup as Lesson: atomic_write_text, killed halfway through its bytes.
    "setup": """
        import pathlib
        def half_then_wait(self, data):
            with open(self, "wb") as file:
                file.write(data[:len(data) // 2])
                file.flush()
                ready()
        pathlib.Path.write_bytes = half_then_wait
        atomic_write_text(target, "title = 'a lesson'\\n" * 100_000)
    """,
}


def start_writer(target: Path, writer: str) -> subprocess.Popen:
    """A process writing `target` through atomic_write; it prints "ready" mid-write, then waits for stdin."""
    code = textwrap.dedent("""
        import sys
        from gdsim.formats.files import atomic_write, atomic_write_text
        target = sys.argv[1]
        def ready():
            print("ready", flush=True)
            sys.stdin.read()  # the parent holds stdin open: blocked until killed
    """) + textwrap.dedent(WRITERS[writer])
    child = subprocess.Popen([sys.executable, "-c", code, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout.readline() == "ready\n"
    return child


def kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=60) == -signal.SIGKILL
    child.stdin.close()
    child.stdout.close()


def parts(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if ".part" in name)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_kill_9_mid_write_keeps_the_old_file_and_the_next_write_removes_what_it_left(tmp_path, writer):
    target = tmp_path / ("picture.gif" if writer == "export" else "setup.toml")
    old = os.urandom(300_000)
    target.write_bytes(old)
    child = start_writer(target, writer)
    (part,) = parts(tmp_path)
    assert (tmp_path / part).stat().st_size > 0  # the child was killed with a half-written file
    kill(child)
    assert target.read_bytes() == old  # byte for byte
    assert parts(tmp_path) == [part]
    files.atomic_write_text(target, "new")
    assert target.read_text() == "new" and os.listdir(tmp_path) == [target.name]


def test_a_living_writers_temporary_file_and_other_files_are_not_removed(tmp_path):
    target = tmp_path / "setup.toml"
    target.write_text("old")
    lookalikes = [".setup.part.toml", ".setup.abc.part.toml", ".other.abcdefgh.part.toml", ".setup.abcdefgh.part.json"]
    for name in lookalikes:
        (tmp_path / name).write_text("not gdsim's, or not this file's")
    child = start_writer(target, "large")
    try:
        (living,) = set(parts(tmp_path)) - set(lookalikes)
        files.atomic_write_text(target, "written meanwhile")
        assert target.read_text() == "written meanwhile"
        assert set(parts(tmp_path)) == {living, *lookalikes}
    finally:
        kill(child)
    files.atomic_write_text(target, "again")
    assert set(parts(tmp_path)) == set(lookalikes)


# --- the CLI's outputs ----------------------------------------------------------------------------
def test_export_refuses_a_device_even_with_force(tmp_path, capsys):
    node = a_device(tmp_path, "full.png")
    assert main([*PNG_EXPORT, "-o", str(node), "--force"]) == 2
    assert "a device, not a regular file" in one_line_error(capsys.readouterr().err)
    assert stat.S_ISCHR(os.stat(node).st_mode) and os.listdir(tmp_path) == ["full.png"]


def test_sweep_refuses_a_fifo_and_says_to_leave_out_o(tmp_path, capsys):
    fifo = a_fifo(tmp_path, "out.json")
    assert main([*SWEEP, "-o", str(fifo)]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "a FIFO" in err and "leave out -o to print to standard output" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_export_keeps_a_read_only_file_unless_forced(tmp_path, capsys):
    target = tmp_path / "slide.png"
    target.write_bytes(b"old")
    os.chmod(target, 0o444)
    assert main([*PNG_EXPORT, "-o", str(target)]) == 2
    one_line_error(capsys.readouterr().err)
    assert target.read_bytes() == b"old"
    assert main([*PNG_EXPORT, "-o", str(target), "--force"]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and os.listdir(tmp_path) == ["slide.png"]


def test_sweep_and_basins_keep_a_read_only_file_unless_forced(tmp_path, capsys):
    for command in (SWEEP, ["basins", "--grid", "2", "--steps", "3"]):
        target = tmp_path / f"{command[0]}.json"
        target.write_text("old")
        os.chmod(target, 0o444)
        assert main([*command, "-o", str(target)]) == 2
        assert "read-only; add --force" in one_line_error(capsys.readouterr().err)
        assert target.read_text() == "old"
        assert main([*command, "-o", str(target), "--force"]) == 0
        assert target.read_text().startswith("{")


def test_a_symlink_given_to_export_is_written_through(tmp_path):
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "map.png").write_bytes(b"old")
    (tmp_path / "map.png").symlink_to(tmp_path / "slides" / "map.png")
    assert main([*PNG_EXPORT, "-o", str(tmp_path / "map.png"), "--force"]) == 0
    assert (tmp_path / "map.png").is_symlink()
    assert (tmp_path / "slides" / "map.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("args, says", [
    ([*PNG_EXPORT, "-o", ""], "-o '': the file name is empty"),
    ([*SWEEP, "-o", ""], "-o '': the file name is empty"),
    (["export", "--lesson", "momentum", "--format", "gif", "-o", "{tmp}/x.png"], "a .png name for GIF data; name it x.gif"),
    ([*SWEEP, "-o", "{tmp}/x.png"], "a .png name for JSON data; name it x.json"),
    ([*PNG_EXPORT, "-o", "{tmp}/"], "that is a folder"),
    ([*SWEEP, "-o", "{tmp}/missing/x.json"], "missing does not exist"),
])
def test_output_names_that_cannot_be_right_are_one_line_errors(tmp_path, capsys, args, says):
    assert main([arg.format(tmp=tmp_path) for arg in args]) == 2
    assert says in one_line_error(capsys.readouterr().err)
    assert os.listdir(tmp_path) == []


# --- a full disk, a read-only folder --------------------------------------------------------------
def half_written_then(code: int):
    """Path.write_bytes that writes half its data, then fails as the system would with `code`."""
    def write_bytes(self, data):
        with open(self, "wb") as file:
            file.write(data[:len(data) // 2])
        raise OSError(code, os.strerror(code), str(self))
    return write_bytes


def refused_temporary(code: int):
    def mkstemp(*args, **kwargs):
        raise OSError(code, os.strerror(code), kwargs.get("dir"))
    return mkstemp


@pytest.mark.parametrize("fault, code, says", [
    ("write", errno.ENOSPC, "the disk is full; nothing was written"),
    ("create", errno.EROFS, "cannot be written (Read-only file system); nothing was written"),
    ("create", errno.EACCES, "cannot be written (Permission denied); nothing was written"),
])
@pytest.mark.parametrize("command", [SWEEP, PNG_EXPORT], ids=["sweep", "export"])
def test_a_full_disk_or_read_only_folder_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, fault, code, says,
                                                                command):
    """As root, permission bits do not stop a write, so the system's error is raised where it would be:
    creating the temporary file (a read-only folder), or writing it (a full disk)."""
    target = tmp_path / ("out.json" if command is SWEEP else "out.png")
    target.write_bytes(b"old")
    if fault == "write":
        monkeypatch.setattr(Path, "write_bytes", half_written_then(code))
    else:
        monkeypatch.setattr("tempfile.mkstemp", refused_temporary(code))
    assert main([*command, "-o", str(target), "--force"]) == 2
    assert says in one_line_error(capsys.readouterr().err)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == [target.name]


def mounts_allowed() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "mount", "-t", "tmpfs", "tmpfs", "/mnt"],
        capture_output=True).returncode == 0


@pytest.mark.skipif(not mounts_allowed(), reason="needs root and mount namespaces (unshare) for a real tmpfs")
@pytest.mark.parametrize("mount, fill, says", [
    ("ro", False, "cannot be written (Read-only file system)"),
    ("size=64k", True, "the disk is full"),
])
def test_a_really_full_or_read_only_file_system(tmp_path, mount, fill, says):
    """The same, on a real tmpfs mounted (in a mount namespace of the command's own) read-only or full."""
    filler = f"head -c 1000000 /dev/zero > {tmp_path}/filler 2>/dev/null;" if fill else ""
    script = (f"mount -t tmpfs -o size=64k tmpfs {tmp_path} && echo old > {tmp_path}/out.json && "
              f"mount -o remount,{mount} {tmp_path} && {filler} "
              f"{sys.executable} -m gdsim {' '.join(SWEEP)} -o {tmp_path}/out.json; echo status=$?; "
              f"ls -a {tmp_path}; cat {tmp_path}/out.json")
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert says in one_line_error(done.stderr)
    listing, old = done.stdout.split("status=2\n")[1].rsplit("\n", 2)[:2]
    assert ".part" not in listing and old == "old"


# --- a full or closed standard output --------------------------------------------------------------
PRINTING_COMMANDS = [
    ["run", "--steps", "3"],
    ["run", "--steps", "3", "--format", "csv"],
    ["lesson", "list"],
    ["lesson", "run", "momentum", "--stage", "1"],
    ["gradcheck", "--expr", "x^2 + y^2", "--grad", "2x; 2y"],
    ["fit", "--model", "line", "--points", "5", "--epochs", "3"],
    SWEEP,
    ["basins", "--grid", "2", "--steps", "3"],
    ["diff", "--expr", "x^2", "--at", "1", "--h", "1e-4", "--method", "central"],
    ["--help"],
]


@pytest.mark.parametrize("args", PRINTING_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_a_full_standard_output_is_one_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        done = gdsim(*args, stdout=full)
    assert one_line_error(done.stderr) == "gdsim: error: cannot write to standard output: the disk is full\n"
    assert done.returncode == 2


@pytest.mark.parametrize("args", PRINTING_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_a_closed_standard_output_is_one_line_and_exit_2(args):
    done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "gdsim", *args],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert one_line_error(done.stderr) == "gdsim: error: standard output is closed\n"
    assert done.returncode == 2


def test_a_closed_standard_output_is_no_error_for_a_command_that_writes_a_file(tmp_path):
    """Only printing to a closed standard output fails; with -o there is nothing to print."""
    target = tmp_path / "out.json"
    done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "gdsim", *SWEEP, "-o", str(target)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stderr == ""
    assert target.read_text().startswith('{"optimizer"')


def test_a_broken_pipe_still_ends_quietly():
    done = subprocess.run(f"{sys.executable} -m gdsim run --steps 3000 | head -c 1", shell=True, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout == "{" and done.stderr == ""
