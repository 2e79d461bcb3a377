package io.cardbind.test

// A small strict JSON reader for the committed vector files (no JSON library on the classpath:
// the tests compile with kotlinc alone). Objects keep their key order; numbers stay text.

data class JsonNumber(val text: String) {
    override fun toString() = text
}

object Json {
    fun parse(text: String): Any? {
        val p = Parser(text)
        p.ws()
        val v = p.value()
        p.ws()
        require(p.i == text.length) { "trailing characters at ${p.i}" }
        return v
    }

    private class Parser(val s: String) {
        var i = 0

        fun ws() {
            while (i < s.length && s[i] in " \t\r\n") i++
        }

        fun value(): Any? = when (val c = s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> lit("true", true)
            'f' -> lit("false", false)
            'n' -> lit("null", null)
            else -> if (c == '-' || c.isDigit()) num() else error("unexpected '$c' at $i")
        }

        fun lit(word: String, v: Any?): Any? {
            require(s.startsWith(word, i)) { "bad literal at $i" }
            i += word.length
            return v
        }

        fun num(): JsonNumber {
            val start = i
            while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
            return JsonNumber(s.substring(start, i))
        }

        fun obj(): LinkedHashMap<String, Any?> {
            val m = LinkedHashMap<String, Any?>()
            i++
            ws()
            if (s[i] == '}') { i++; return m }
            while (true) {
                ws()
                val k = str()
                ws()
                require(s[i] == ':') { "expected ':' at $i" }
                i++
                ws()
                m[k] = value()
                ws()
                when (s[i]) {
                    ',' -> i++
                    '}' -> { i++; return m }
                    else -> error("expected ',' or '}' at $i")
                }
            }
        }

        fun arr(): ArrayList<Any?> {
            val a = ArrayList<Any?>()
            i++
            ws()
            if (s[i] == ']') { i++; return a }
            while (true) {
                ws()
                a.add(value())
                ws()
                when (s[i]) {
                    ',' -> i++
                    ']' -> { i++; return a }
                    else -> error("expected ',' or ']' at $i")
                }
            }
        }

        fun str(): String {
            require(s[i] == '"') { "expected string at $i" }
            i++
            val b = StringBuilder()
            while (true) {
                val c = s[i++]
                when {
                    c == '"' -> return b.toString()
                    c == '\\' -> {
                        when (val e = s[i++]) {
                            '"', '\\', '/' -> b.append(e)
                            'b' -> b.append('\b')
                            'f' -> b.append('\u000c')
                            'n' -> b.append('\n')
                            'r' -> b.append('\r')
                            't' -> b.append('\t')
                            // Surrogate pairs arrive as two escapes and join naturally in UTF-16.
                            'u' -> { b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4 }
                            else -> error("bad escape at $i")
                        }
                    }
                    else -> b.append(c)
                }
            }
        }
    }
}

@Suppress("UNCHECKED_CAST")
fun Any?.obj(): Map<String, Any?> = this as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
fun Any?.arr(): List<Any?> = this as List<Any?>

fun Any?.str(): String = this as String

fun Map<String, Any?>.s(key: String): String = this[key] as String

/** Writes maps, lists, strings, numbers, booleans and null as compact JSON. */
fun toJson(value: Any?): String = StringBuilder().also { writeJson(it, value) }.toString()

private fun writeJson(b: StringBuilder, v: Any?) {
    when (v) {
        null -> b.append("null")
        is String -> {
            b.append('"')
            for (c in v) {
                when {
                    c == '"' -> b.append("\\\"")
                    c == '\\' -> b.append("\\\\")
                    c == '\n' -> b.append("\\n")
                    c == '\r' -> b.append("\\r")
                    c == '\t' -> b.append("\\t")
                    c < ' ' -> b.append("\\u%04x".format(c.code))
                    else -> b.append(c)
                }
            }
            b.append('"')
        }
        is Number, is Boolean, is JsonNumber -> b.append(v.toString())
        is Map<*, *> -> {
            b.append('{')
            v.entries.forEachIndexed { i, (k, x) ->
                if (i > 0) b.append(',')
                writeJson(b, k as String)
                b.append(':')
                writeJson(b, x)
            }
            b.append('}')
        }
        is List<*> -> {
            b.append('[')
            v.forEachIndexed { i, x ->
                if (i > 0) b.append(',')
                writeJson(b, x)
            }
            b.append(']')
        }
        else -> error("cannot write ${v::class} as JSON")
    }
}
