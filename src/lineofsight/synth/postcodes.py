"""Postcodes for the synthetic authority: real postcode units, so DfE validators can place them.

The authority is fictional (Hartmoor City Council) but borrows the DfE LA number of Coventry (331,
ONS E08000026) so that Data to Insight's SSDA903 validator can work out placement distance and
placement LA, which it derives from the ONS Postcode Directory shipped with it. The units below are
a fixed sample of that public directory (Open Government Licence): CITY lies inside the borrowed
authority, NEARBY in the neighbouring authorities (Birmingham, Solihull, Warwickshire) for
placements out of area. A postcode unit covers a street or part of one; no address line, person or
household is taken from anywhere, and every address line the generator writes stays fictional.
"""

from __future__ import annotations

CITY = (
    "CV1 1AA", "CV1 1GH", "CV1 1NP", "CV12 8YE", "CV1 2DZ", "CV1 2HZ", "CV1 2PW", "CV1 2UF", "CV1 3AJ", "CV1 3FZ",
    "CV1 3NG", "CV1 4AR", "CV1 4FP", "CV1 4LJ", "CV1 4YG", "CV1 5DF", "CV1 5HY", "CV1 5QD", "CV1 5WT", "CV1 9BW",
    "CV1 9ZY", "CV2 1EW", "CV2 1JS", "CV2 1QT", "CV2 1UQ", "CV2 2BU", "CV2 2GW", "CV2 2NS", "CV2 2SQ", "CV2 2ZQ",
    "CV2 3EN", "CV2 3JH", "CV2 3QE", "CV2 4BX", "CV2 4GT", "CV2 4NQ", "CV2 4SU", "CV2 5AX", "CV2 5FW", "CV2 5LS",
    "CV3 1AF", "CV3 1FD", "CV3 1JZ", "CV3 1RA", "CV3 2EW", "CV3 2LG", "CV3 2RJ", "CV3 2WX", "CV3 3AY", "CV3 3FW",
    "CV3 3ZQ", "CV3 4EQ", "CV3 4YT", "CV3 5EL", "CV3 5JG", "CV3 5QD", "CV3 6AU", "CV3 6FU", "CV3 6LR", "CV3 6SS",
    "CV3 9BA", "CV3 9FX", "CV3 9LX", "CV3 9RU", "CV3 9WY", "CV4 0DW", "CV4 0ZX", "CV4 7FB", "CV4 8AL", "CV4 8FJ",
    "CV4 8LF", "CV4 8ZJ", "CV4 9EL", "CV4 9JH", "CV4 9QE", "CV4 9UB", "CV4 9ZA", "CV5 6DZ", "CV5 6HW", "CV5 6PS",
    "CV5 6UR", "CV5 7AG", "CV5 7FG", "CV5 7LD", "CV5 7RH", "CV5 8BX", "CV5 8GT", "CV5 8NR", "CV5 9AP", "CV5 9FR",
    "CV5 9LN", "CV5 9RS", "CV6 1BX", "CV6 1GU", "CV6 1NR", "CV6 2AD", "CV6 2FA", "CV6 2JX", "CV6 2YS", "CV6 3EG",
    "CV6 3LG", "CV6 4BX", "CV6 4GT", "CV6 4NQ", "CV6 5AA", "CV6 5EY", "CV6 5JU", "CV6 5QR", "CV6 5XL", "CV6 6BQ",
    "CV6 6GY", "CV6 6NZ", "CV6 7BD", "CV6 7GA", "CV6 7LX", "CV6 9AD", "CV6 9FF", "CV6 9LD", "CV6 9RA", "CV7 7XZ",
)
NEARBY = (
    "B10 0AA", "B11 2PL", "B1 1WP", "B1 2JG", "B13 8RD", "B14 5AD", "B15 1JQ", "B16 0LW", "B16 9ET", "B17 9QB",
    "B18 9BH", "B20 1BD", "B21 0PX", "B2 2QY", "B23 6HF", "B24 8DR", "B25 8QA", "B26 2JY", "B27 7TB", "B28 9PE",
    "B29 7BP", "B30 3AF", "B31 2TG", "B31 9BZ", "B32 3DE", "B33 0DJ", "B33 9UH", "B35 7HX", "B38 9ND", "B42 9NG",
    "B44 9UB", "B47 6LF", "B5 7BG", "B6 7AG", "B73 5NU", "B74 2HX", "B75 5HH", "B7 5RL", "B76 8WB", "B8 3SN",
    "B14 4LJ", "B36 9DJ", "B37 5PU", "B37 7BB", "B37 7YD", "B90 1SA", "B90 2YP", "B90 4BN", "B90 4YE", "B91 1BP",
    "B91 2DS", "B91 3DY", "B91 3ZN", "B91 9WL", "B92 7EH", "B92 8NN", "B93 0AP", "B93 3LH", "B93 9DG", "B94 6RS",
    "B93 0BB", "CV10 7ET", "CV10 9BB", "CV11 4LW", "CV11 5UD", "CV11 6YZ", "CV12 0JA", "CV12 9AA", "CV21 1JQ", "CV21 2RN",
    "CV21 3XT", "CV21 9PB", "CV22 6AX", "CV22 7LD", "CV23 0QB", "CV23 9ED", "CV31 1NQ", "CV31 2RX", "CV31 9GD", "CV32 4WW",
    "CV32 5ZS", "CV32 7PH", "CV34 0AQ", "CV34 5JR", "CV34 6NS", "CV34 9HZ", "CV35 7TX", "CV7 8RN", "CV8 1NG", "CV8 2SR",
)
