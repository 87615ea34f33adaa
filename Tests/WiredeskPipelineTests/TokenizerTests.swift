import Testing

@testable import WiredeskPipeline

@Suite("Tokenizer")
struct TokenizerTests {
    func texts(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return Tokenizer().tokenize(text).map { $0.text(in: scalars) }
    }

    @Test func splitsPossessivesAndNegations() {
        #expect(texts("Russia’s troops") == ["Russia", "’s", "troops"])
        #expect(texts("NATO's view") == ["NATO", "'s", "view"])
        #expect(texts("they don't know") == ["they", "do", "n't", "know"])
        #expect(texts("O'Brien said") == ["O'Brien", "said"])
    }

    @Test func keepsAbbreviationsNumbersAndHyphens() {
        #expect(texts("the U.S. and Mr. Smith.") == ["the", "U.S.", "and", "Mr.", "Smith", "."])
        #expect(texts("2,000.5 dollars on 1996-08-22.") == ["2,000.5", "dollars", "on", "1996-08-22", "."])
        #expect(texts("Secretary-General of the su-27") == ["Secretary-General", "of", "the", "su-27"])
        #expect(texts("J. Smith") == ["J.", "Smith"])
        #expect(texts("No. 10 said no.") == ["No.", "10", "said", "no", "."])
    }

    @Test func keepsAnAmpersandBetweenCapitals() {
        // CoNLL-2003 has "S&P", "AT&T" as one token; an ampersand with spaces or lower case around it is its own.
        #expect(texts("the S&P 500 and AT&T") == ["the", "S&P", "500", "and", "AT&T"])
        #expect(texts("Marks & Spencer, rock&roll") == ["Marks", "&", "Spencer", ",", "rock", "&", "roll"])
    }

    @Test func quotesArePunctuationTokens() {
        let text = "“Frank”, he said: \"yes\"..."
        let tokens = Tokenizer().tokenize(text)
        let scalars = Array(text.unicodeScalars)
        #expect(
            tokens.map { $0.text(in: scalars) } == [
                "“", "Frank", "”", ",", "he", "said", ":", "\"", "yes", "\"", "...",
            ])
        #expect(tokens[0].kind == .quote)
        #expect(tokens[2].kind == .quote)
        #expect(tokens[10].kind == .punctuation)
    }

    @Test func offsetsAreUnicodeScalarOffsets() {
        // "é" written as e + combining acute is two scalars; the emoji is one.
        let text = "Cafe\u{301} 😀 Zürich"
        let tokens = Tokenizer().tokenize(text)
        #expect(tokens.map { [$0.start, $0.end] } == [[0, 5], [6, 7], [8, 14]])
        #expect(tokens[0].kind == .word)
        #expect(tokens[2].kind == .word)
    }

    @Test func tokenizesARangeOnly() {
        let scalars = Array("one two three".unicodeScalars)
        let tokens = Tokenizer().tokenize(scalars, in: 4..<13)
        #expect(tokens.map { $0.text(in: scalars) } == ["two", "three"])
        #expect(tokens.first?.start == 4)
    }

    @Test func emptyAndWhitespaceTextHaveNoTokens() {
        #expect(Tokenizer().tokenize("").isEmpty)
        #expect(Tokenizer().tokenize(" \n\t ").isEmpty)
    }
}

@Suite("Scalar text")
struct ScalarTextTests {
    @Test func writesEveryUTF8WidthAsTheScalarViewDid() {
        for text in ["", "NATO", "Grushko’s", "Zürich – Łódź", "€5 😀 日本", String(repeating: "é", count: 40)] {
            let scalars = Array(text.unicodeScalars)
            #expect(String(utf8Of: scalars[...]) == text)
            #expect(String(utf8Of: scalars.dropFirst()) == String(String.UnicodeScalarView(scalars.dropFirst())))
        }
    }

    @Test func gazetteerKeysAreLowerCaseFoldedAndSpaced() {
        let text = "The ÉCOLE Normale’s 2024 Łódź"
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer().tokenize(text)
        #expect(Gazetteer.key(scalars, tokens[...]) == "the école normale 's 2024 łódź")
        #expect(Gazetteer.key(scalars, CollectionOfOne(tokens[1])) == "école")
    }
}
