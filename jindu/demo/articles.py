"""Demo articles for load_demo, written for Jindu from public facts."""

from jindu.demo import articles_harms, articles_prevention

ARTICLES = articles_harms.ARTICLES + articles_prevention.ARTICLES
