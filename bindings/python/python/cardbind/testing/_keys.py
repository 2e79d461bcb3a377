"""The repository's TEST keys (spec/vectors/keys), public: never for real traffic.

Copies of the files of the same names; tests/test_testing.py holds them equal."""

from __future__ import annotations

PEM: dict[str, str] = {
    "test-rsa-1024-private-pkcs8.pem": (
        '-----BEGIN PRIVATE KEY-----\n'
        'MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAPTzjx1G03W4i1dQ\n'
        'N27WE0kC0rijQudLztrclzQtiDUORFtDkBePiWXl9ON2LASdJ/nXUEyyD9YXlP8c\n'
        'EVdQJc5wZUyWxlKW5kqZUj1TTvkzzwMgGolDRepxiOK0hvTOFyR5PviN+WcB3+9b\n'
        '+Gt/+KZfEhrWRysG1pjDOx8ndcw3AgMBAAECgYAjcounZPR8+LPRct5Sv9ASpMHx\n'
        'zk6EQkgxC/MlreEkLGhf/KsBfdgYUurZb+R21ndOhIYuUyZPiSIauOkZhZOyv76o\n'
        'Kf9W0NWffo1sF84EJ7t5GJcfgliKyImOyUtXEsWJnEiTSswfV1Adg68EyZ6xAKBU\n'
        'h1WPzwdVfkEcJUpJYQJBAPvr7OZ3qb2uuCGi2sY6sPpot5xyhc2rcTnd8w+KfeQ6\n'
        'jSF+R/T6AypkvUipEO5Q3p9ejDvQmm6mL6pfF1JRYLsCQQD46r8CfKImS/hHnPVb\n'
        '5TUsj6ApfozCXqB9aHGsRVXROkzLHXLa4DyOLvINyf8ZmvgHyk7NJzqiJUaA36MH\n'
        '0ri1AkALz/82u0uxQj0ODrXVb7EWvMxHQLN3dl+DyB16kBLhHcG6XVKAcSyu0zRw\n'
        '8MSDeDVIIcXPlDN5lr9LbNQKHxi7AkBAOOjxblCzytQTPgb8H8Y5ahErw4/zslB8\n'
        'Ks9xYC5FHmKj4UQ5/rMBCFHBhwV/iMFH2UW9nsp8/VsUcx7wLMklAkB1o4stTb8m\n'
        'iPYoZVIJq0hnP6Wk+Mwl5hnqFm776MUdrT6cNv33VBBsH8Dthpv1wVVmZz9S2X0j\n'
        '4LyRRar0xq8d\n'
        '-----END PRIVATE KEY-----\n'
    ),
    "test-rsa-1024-public-spki.pem": (
        '-----BEGIN PUBLIC KEY-----\n'
        'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQD0848dRtN1uItXUDdu1hNJAtK4\n'
        'o0LnS87a3Jc0LYg1DkRbQ5AXj4ll5fTjdiwEnSf511BMsg/WF5T/HBFXUCXOcGVM\n'
        'lsZSluZKmVI9U075M88DIBqJQ0XqcYjitIb0zhckeT74jflnAd/vW/hrf/imXxIa\n'
        '1kcrBtaYwzsfJ3XMNwIDAQAB\n'
        '-----END PUBLIC KEY-----\n'
    ),
    "test-rsa-2048-private-pkcs8.pem": (
        '-----BEGIN PRIVATE KEY-----\n'
        'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCpFeyY9mdHjutz\n'
        'dBbQ42J70e1bzx6SGbVTBI32qxCcILhTdOejwgaH9UdQN6444vNjFGZao4sTWA2J\n'
        'NGI0bH7i3WR9xRb0rxkh+HhVmZD0E0O3s74kjYxp3S3Ei38vgQBQv3gQI8M6/1BT\n'
        'FWg5TlbNfNoxdvU7z+OGGKAgstVbAcx9osT2v3y8+BHMGxegHFCxhepv7/gRh5hw\n'
        'kM2ZnsfYR8IRAFhi/6vGBjyjEppae+729s2d8Ku0e2uWreB/qzRqWZgfTRYxoe1X\n'
        '6hnIX3OMKkcst+FfV07tZL/jzC+yV9q4l8mgj1W6RyrLsLsp32+HvSmA7gZNvLtS\n'
        'ebhZZzbPAgMBAAECggEAArzFINDUaTcqHqthdy5HOOP0KMlYoFrkMZzgQ38PfMeW\n'
        '1FsPKPqKKodRCT5thqQ99nutEIiXRs/lIDSF5n1fLIMTDmozbfCrwn4ITLJ4w0rQ\n'
        'jNfPGz5jaI9ZH1Z2z6kR/TysT+6USY86mK2/CzZ2d0svKR/Y5of+EfyyEvVyOM/u\n'
        '3UAWJtGam3XBfyeHrCYOlegTd49TuoWqARR3glnQWJTOl0lb/cyXDhn8bGTToxxl\n'
        'WNVJE59O5I3oZ07cm0HVtHgQzqGGvtSZDQbtYwNV5S/wxXxQMn1FYIQjLyugvRpI\n'
        '8EEIyE1MW05hJhF1qWnVrqksM4GGlNSIgZ8/RqwiYQKBgQDopNaecEIhaeBpTt8U\n'
        'Me8hItNy/K8KwvzOEmYnVnSY8EO+eHJ2rd53QZiRjYQuI28KPNp4v34cWLm9Z4eJ\n'
        'X+4gRpH9sAhJRowENEoR+F3VvZ07/HIOVH7KWKlx2nKGvKbaFSa6eUTkgznNaUXQ\n'
        'LwMj+Shit3tFUvoMl6LO//YNkQKBgQC6D5SPBfIIynB113em2w9UuT6Pqo6M1Jmf\n'
        'ez9/s4YvSyVE9fE5A2fvlcpvZVw6hqpXChBKCJQ3FRvuEl+LdBSsULalm1fFWjvS\n'
        'EQ07OE6bglh0SNzxfdMAKyrZbFIzwwQ8GuH4ZFDMRhNJfcbpUlN3HAHegpPJ0jKO\n'
        'XFEGUpZOXwKBgQDieIUM248k4+K34TW8fReilDpvN5hWy5Y6LSMQrFL5BvuLkckr\n'
        'yvpD8bFKEA9astfHiZHL9e4YPi8iOIRysNYoyUoZQaHvYyOufBCXCcae6eUEni2R\n'
        '0aNT65eX4+WVUFTE+84lvSPZp/0+/3ocvYc7H7O21ZLE24/bbknpZLbsYQKBgAWs\n'
        'H+1UUxKtiUwua3lsyETe+OdMXdgxSxWvnjn4cSjT86jsjpQcZHjLakaHIo6uOFc6\n'
        '+VAofsxHGnjhmoQX3+F4/HiECeL8Y0J+PpcFmm/nQ2cYKZQ7L8mbh0zlnoPxeBmV\n'
        'ADqgZE41/LSK3xuR5PWGpw/vjy3h+KSab+XvcqGlAoGBAOEqohVD9yqeq/17h68s\n'
        '+3ejNQQg2FK+iRbTikw8pMpa6LL5/mFsJ0xrIWJrzX7kNUJvWhhAo9SZ2rFphNuN\n'
        'SjevSQWQeJrwRwltvY3++7o0NsS1s45HM3+i+VJkUmcD4pTORfyiD2/z0V7/Cur3\n'
        'P4FqOVY0UYmdvuo2yXx0kdPd\n'
        '-----END PRIVATE KEY-----\n'
    ),
    "test-rsa-2048-public-spki.pem": (
        '-----BEGIN PUBLIC KEY-----\n'
        'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqRXsmPZnR47rc3QW0ONi\n'
        'e9HtW88ekhm1UwSN9qsQnCC4U3Tno8IGh/VHUDeuOOLzYxRmWqOLE1gNiTRiNGx+\n'
        '4t1kfcUW9K8ZIfh4VZmQ9BNDt7O+JI2Mad0txIt/L4EAUL94ECPDOv9QUxVoOU5W\n'
        'zXzaMXb1O8/jhhigILLVWwHMfaLE9r98vPgRzBsXoBxQsYXqb+/4EYeYcJDNmZ7H\n'
        '2EfCEQBYYv+rxgY8oxKaWnvu9vbNnfCrtHtrlq3gf6s0almYH00WMaHtV+oZyF9z\n'
        'jCpHLLfhX1dO7WS/48wvslfauJfJoI9Vukcqy7C7Kd9vh70pgO4GTby7Unm4WWc2\n'
        'zwIDAQAB\n'
        '-----END PUBLIC KEY-----\n'
    ),
}
