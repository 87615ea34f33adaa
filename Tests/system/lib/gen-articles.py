#!/usr/bin/env python3
"""Writes N generated English news articles as JSON Lines (`{"id", "title", "body", "published"}` per line).

    gen-articles.py N [--seed S] [--bad K] > articles.jsonl

Articles are built from templates over fixed lists of people, organisations and cities, so each has a headline,
named entities and a topic-bearing vocabulary. With --bad K, K malformed lines (truncated JSON) are mixed in at
fixed positions, each with a recognisable prefix so a test can find their error objects.
"""
import argparse
import json
import random

PEOPLE = ["Angela Merkel", "Jens Stoltenberg", "Emmanuel Macron", "Serena Williams", "Tim Cook", "Satya Nadella",
          "Christine Lagarde", "Lionel Messi", "Taylor Swift", "Olaf Scholz", "Janet Yellen", "Roger Federer"]
ORGS = ["Reuters", "the European Union", "NATO", "Microsoft", "Apple", "the World Bank", "the United Nations",
        "Barclays", "Siemens", "the Bank of England", "FIFA", "Google"]
CITIES = ["London", "Paris", "Berlin", "Brussels", "Washington", "Tokyo", "Madrid", "Rome", "Geneva", "Sydney"]
TOPICS = {
    "business": ["profits rose", "shares fell", "the merger was approved", "quarterly earnings beat forecasts",
                 "investors welcomed the deal", "the company cut jobs"],
    "politics": ["the election campaign began", "parliament passed the bill", "the minister resigned",
                 "voters went to the polls", "the government announced reforms", "the opposition criticised the plan"],
    "sport": ["the team won the final", "the striker scored twice", "the champion lost in the semi-final",
              "the coach praised the players", "the match ended in a draw", "the club signed a new goalkeeper"],
    "tech": ["the new software was released", "the smartphone launch drew crowds", "broadband speeds improved",
             "the chip maker unveiled a faster processor", "users complained about the update",
             "the online service was hit by hackers"],
    "entertainment": ["the film topped the box office", "the singer released a new album", "the award ceremony",
                      "the actor won an Oscar", "the band announced a world tour", "critics praised the show"],
}


def article(rng, i):
    topic = rng.choice(sorted(TOPICS))
    person, other = rng.sample(PEOPLE, 2)
    org = rng.choice(ORGS)
    city = rng.choice(CITIES)
    events = rng.sample(TOPICS[topic], 3)
    title = "%s says %s in %s" % (person, events[0], city)
    body = [
        "%s (Reuters) - %s said on Tuesday that %s, according to officials at %s." % (city.upper(), person, events[0], org),
        "\"This is an important moment for all of us,\" %s told reporters in %s." % (person, city),
        "Analysts said %s and %s after talks with %s last week." % (events[1], events[2], other),
        "%s is expected to publish more details on %d March, a spokesman for %s said." % (org, 1 + i % 28, org),
    ]
    return {"id": "gen-%06d" % i, "title": title, "body": "\n\n".join(body),
            "published": "2026-03-%02dT09:00:00Z" % (1 + i % 28)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--bad", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bad_at = {args.n * (k + 1) // (args.bad + 1) for k in range(args.bad)}
    for i in range(args.n):
        if i in bad_at:
            print('{"id": "bad-%06d", "title": "truncated' % i)
        print(json.dumps(article(rng, i), ensure_ascii=False))


if __name__ == "__main__":
    main()
