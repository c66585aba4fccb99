"""Stamp serials: 65 random bits, a Luhn mod 32 check character catching typos."""
import itertools

from marketplace.trace import serials


def test_a_serial_is_thirteen_random_symbols_and_a_check_symbol():
    serial = serials.generate()

    assert len(serial) == 14
    assert set(serial) <= set(serials.ALPHABET)
    assert serials.is_valid(serial)
    assert serials.RANDOM_SYMBOLS * 5 >= 64  # bits of randomness


def test_serials_do_not_repeat():
    made = {serials.generate() for _ in range(20000)}

    assert len(made) == 20000


def test_every_single_mistyped_symbol_is_caught():
    for _ in range(50):
        serial = serials.generate()
        for position, symbol in itertools.product(range(len(serial)), serials.ALPHABET):
            if symbol == serial[position]:
                continue
            typo = serial[:position] + symbol + serial[position + 1:]
            assert not serials.is_valid(typo), (serial, typo)


def test_swapped_neighbours_are_caught():
    caught = missed = 0
    for _ in range(200):
        serial = serials.generate()
        for i in range(len(serial) - 1):
            if serial[i] == serial[i + 1]:
                continue
            swapped = serial[:i] + serial[i + 1] + serial[i] + serial[i + 2:]
            if serials.is_valid(swapped):
                missed += 1
                # Luhn mod N misses only the swap of two values summing to N - 1.
                assert serials.VALUE[serial[i]] + serials.VALUE[serial[i + 1]] == 31
            else:
                caught += 1
    assert caught > 0 and missed <= caught // 20


def test_how_people_type_it_is_normalised():
    serial = serials.generate()
    typed = serials.grouped(serial).lower()

    assert serials.normalise(typed) == serial
    assert serials.normalise(" 0O1IL-") == "00111"
    assert serials.grouped("7KQ2M9XA4RTZB8") == "7KQ2 M9XA 4RTZ B8"
