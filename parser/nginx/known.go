package nginx

// KnownDirective reports whether name is a directive of nginx or of a module
// kubelift knows. Format detection uses it: a file whose first word is a
// known directive is an nginx configuration.
func KnownDirective(name string) bool {
	if _, ok := directiveTable[name]; ok {
		return true
	}
	return inPermissiveFamily(name)
}
