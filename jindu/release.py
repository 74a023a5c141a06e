"""Which release of the code is running: names the page cache's generations (jindu/pagecache.py)."""

import hashlib
import subprocess

# The folders whose files make up what a page looks like: code, templates, static files, translations.
CODE_DIRS = ("jindu", "education", "schools", "events", "campaigns", "media", "site")
CODE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".mo", ".json", ".svg"}


def current_release(base_dir, environ):
    """JINDU_RELEASE if the deployment sets it, else the git commit, else a fingerprint of the code's files."""
    return environ.get("JINDU_RELEASE") or git_commit(base_dir) or code_fingerprint(base_dir)


def git_commit(base_dir):
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=base_dir, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return completed.stdout.strip() if completed.returncode == 0 else ""


def code_fingerprint(base_dir):
    """Changes when any code, template, static or translation file is added, removed or rewritten."""
    digest = hashlib.sha256()
    for folder in CODE_DIRS:
        for path in sorted((base_dir / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(base_dir)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return "code-" + digest.hexdigest()[:12]
