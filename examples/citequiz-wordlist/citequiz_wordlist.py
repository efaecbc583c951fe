"""An example citequiz format: `build/wordlist/<bank>.txt`, each question's id, type and what it
asks, one per line, under a heading set in the project's config:

    [wordlist]
    heading = "Revision list"
"""

from citequiz.render.settings import Option


class WordList:
    name = "wordlist"
    # The format's own config table, [wordlist]: each key, its type and default. citequiz checks
    # the table against it (an unknown key or a wrong type is an error at its line).
    schema = {"heading": Option(str, "Questions")}

    def render(self, ctx):
        for bank in ctx.project.banks:
            lines = [f"{ctx.settings.heading}: {bank.title}"]
            lines += [f"{q.id} ({q.type}): {q.prompt or q.text}" for q in bank.questions]
            yield f"wordlist/{bank.name}.txt", ("\n".join(lines) + "\n").encode("utf-8")


FORMAT = WordList()
