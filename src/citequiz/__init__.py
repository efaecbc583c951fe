"""citequiz: quizzes and flashcards whose every answer is proven to stand in its cited source."""

__version__ = "0.1.0"
