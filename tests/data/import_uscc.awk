# import_uscc.awk — GB 32100-2015 check character for test data (tests/e2e/1[0-3]-*.sh).
# uscc(p17) returns p17 followed by its check character: over the charset
# 0123456789ABCDEFGHJKLMNPQRTUWXY with weights 3^(i-1) mod 31 =
# 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, C18 = 31 - (sum mod 31), 31 -> 0.
# With -v complete=1 it completes each 17-character input line.
function uscc(p17,    cs, w, i, v, sum, c) {
	cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", w, " ")
	sum = 0
	for (i = 1; i <= 17; i++) {
		v = index(cs, substr(p17, i, 1)) - 1
		if (v < 0) return ""
		sum += v * w[i]
	}
	c = 31 - sum % 31
	if (c == 31) c = 0
	return p17 substr(cs, c + 1, 1)
}
complete && NF { print uscc($0) }
