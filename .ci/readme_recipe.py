"""Writes a consumer project from a README section: its pom fragments, its files, and its shell commands.

usage: readme_recipe.py DOC SECTION_HEADING PROJECT_DIR [FILES_FROM_DOC FILES_FROM_HEADING]

The section runs from SECTION_HEADING to the next heading of the same or a higher level. In it, the ```xml
block holding a whole <project> is PROJECT_DIR/pom.xml, as written; a code block whose first line is a comment
naming a path (// src/..., <!-- src/... -->) is written to that path; ```sh blocks are written, in order, to
PROJECT_DIR/commands.sh (```bash blocks are set-up a reader runs once, such as installing Redis: not run here). Files may come from another document's section as well
(FILES_FROM_DOC FILES_FROM_HEADING), as the load-time-weaving recipe reuses the first hour's Java sources.
"""
import os
import re
import sys


def section(readme, heading):
    lines = readme.split("\n")
    level = len(heading) - len(heading.lstrip("#"))
    start = lines.index(heading)
    end = len(lines)
    for i in range(start + 1, len(lines)):
        m = re.match(r"(#+) ", lines[i])
        if m and len(m.group(1)) <= level and not in_fence(lines, i):
            end = i
            break
    return "\n".join(lines[start:end])


def in_fence(lines, index):
    return sum(1 for line in lines[:index] if line.startswith("```")) % 2 == 1


def blocks(text):
    return re.findall(r"```(\w+)\n(.*?)```", text, re.S)


def named_path(body):
    first = body.split("\n", 1)[0].strip()
    m = re.match(r"(?://|<!--|#)\s*(src/\S+?)\s*(?:-->)?$", first)
    return m.group(1) if m else None


def main():
    readme_path, heading, project = sys.argv[1:4]
    readme = open(readme_path, encoding="utf-8").read()
    recipe = section(readme, heading)
    files_from = section(open(sys.argv[4], encoding="utf-8").read(), sys.argv[5]) if len(sys.argv) > 5 else recipe
    pom, commands = None, []
    for lang, body in blocks(recipe):
        if lang == "xml" and "<project" in body:
            pom = body
        elif lang == "sh":
            commands.append(body)
    written = 0
    for text in {files_from, recipe}:
        for lang, body in blocks(text):
            path = named_path(body)
            if path:
                os.makedirs(os.path.join(project, os.path.dirname(path)), exist_ok=True)
                open(os.path.join(project, path), "w", encoding="utf-8").write(body)
                written += 1
    if not pom or not commands or written == 0:
        sys.exit(f"readme_recipe: '{heading}' lacks a whole pom.xml, commands or files")
    open(os.path.join(project, "pom.xml"), "w", encoding="utf-8").write(pom)
    open(os.path.join(project, "commands.sh"), "w", encoding="utf-8").write("set -e\n" + "\n".join(commands))


main()
