"""The project's promises about itself: the README's commands are the ones CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    return [b.strip() for b in blocks]


def test_ci_runs_the_readmes_test_command():
    test_command = readme_commands()[1]
    assert "pytest" in test_command and "install" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_readme_start_command_installs_and_starts_the_dashboard():
    start = readme_commands()[0]
    assert "requirements.txt" in start and "streamlit run dashboard/app.py" in start


def test_primer_never_imports_streamlit_or_altair():
    for path in (ROOT / "primer").glob("*.py"):
        source = path.read_text()
        assert not re.search(r"^\s*(import|from)\s+(streamlit|altair|pandas)\b", source, re.M), path
