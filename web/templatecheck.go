package web

import (
	"fmt"
	"reflect"
	"strings"
	templateparse "text/template/parse"
)

// pageValueTypes is the type of the value each page template is executed
// with. Start-up checks every page's templates against it, so that a
// field a template names but the value lacks stops the server instead of
// failing a reader's request; render refuses a value of any other type,
// so that the check and the handlers cannot drift apart.
var pageValueTypes = map[string]reflect.Type{
	"list":               reflect.TypeFor[*listPage](),
	"article":            reflect.TypeFor[*articlePage](),
	"page":               reflect.TypeFor[*pagePage](),
	"search":             reflect.TypeFor[*searchPage](),
	"comment_refused":    reflect.TypeFor[*refusedCommentPage](),
	"error":              reflect.TypeFor[*errorPage](),
	"privacy":            reflect.TypeFor[*privacyPage](),
	"privacy_request":    reflect.TypeFor[*privacyRequestPage](),
	"privacy_confirm":    reflect.TypeFor[*privacyConfirmPage](),
	"privacy_erased":     reflect.TypeFor[*privacyErasedPage](),
	"followup":           reflect.TypeFor[*followUpPage](),
	"admin_privacy":      reflect.TypeFor[*adminPrivacyPage](),
	"admin_login":        reflect.TypeFor[*loginPage](),
	"admin_setup":        reflect.TypeFor[*setupPage](),
	"admin_password":     reflect.TypeFor[*passwordPage](),
	"admin_articles":     reflect.TypeFor[*articleListPage](),
	"admin_editor":       reflect.TypeFor[*editorPage](),
	"admin_revisions":    reflect.TypeFor[*revisionsPage](),
	"admin_comments":     reflect.TypeFor[*moderationPage](),
	"admin_dashboard":    reflect.TypeFor[*dashboardPage](),
	"admin_front":        reflect.TypeFor[*frontPage](),
	"admin_import":       reflect.TypeFor[*importPage](),
	"admin_import_run":   reflect.TypeFor[*importRunPage](),
	"admin_media":        reflect.TypeFor[*mediaPage](),
	"admin_menus":        reflect.TypeFor[*menusPage](),
	"admin_pages":        reflect.TypeFor[*pageListPage](),
	"admin_redirects":    reflect.TypeFor[*redirectsPage](),
	"admin_settings":     reflect.TypeFor[*settingsPage](),
	"admin_staff":        reflect.TypeFor[*staffPage](),
	"admin_profile":      reflect.TypeFor[*profilePage](),
	"admin_taxonomy":     reflect.TypeFor[*taxonomyPage](),
	"admin_forgot":       reflect.TypeFor[*forgotPage](),
	"admin_set_password": reflect.TypeFor[*setPasswordPage](),
	"admin_outbox":       reflect.TypeFor[*outboxPage](),
}

// templateCheck follows a page's templates from "layout" with the Go type
// of the value each one gets, the way execution would, and reports the
// first field, method or template call that execution would fail on. A
// type it cannot know (an interface, an untyped number, a function
// called through call) is accepted, so that it never refuses a template
// that would run; what it refuses would fail on every request that
// reaches that line.
type templateCheck struct {
	trees map[string]*templateparse.Tree
	funcs map[string]reflect.Type
	root  reflect.Type
	// done holds the templates already checked with a type of dot, which
	// also ends a template's recursion into itself.
	done map[checkedCall]bool
}

type checkedCall struct {
	name string
	dot  reflect.Type
}

type templateCall struct {
	tree *templateparse.Tree
	node *templateparse.TemplateNode
	dot  reflect.Type
}

// templateProblem is what the check found: the node execution would fail
// on, in its tree, and why.
type templateProblem struct {
	tree   *templateparse.Tree
	node   templateparse.Node
	reason string
	caller *templateCall // the call that gave the template its value, when it is not the page's
}

func (p *templateProblem) Error() string { return p.reason }

// checkPageTypes checks the page's templates, starting from "layout",
// against root, the type of the page's value.
func checkPageTypes(trees map[string]*templateparse.Tree, funcs map[string]reflect.Type, root reflect.Type) *templateProblem {
	c := &templateCheck{trees: trees, funcs: funcs, root: root, done: map[checkedCall]bool{}}
	return c.template("layout", root)
}

// scope holds the types of a template's variables where a node runs.
type scope map[string]reflect.Type

func (v scope) copy() scope {
	out := make(scope, len(v))
	for k, t := range v {
		out[k] = t
	}
	return out
}

// template checks the template name run with a value of type dot.
func (c *templateCheck) template(name string, dot reflect.Type) *templateProblem {
	key := checkedCall{name, dot}
	if c.done[key] {
		return nil
	}
	c.done[key] = true
	tree := c.trees[name]
	if tree == nil || tree.Root == nil {
		return nil // the call reports it
	}
	return c.walk(tree, tree.Root, dot, scope{"$": dot})
}

// walk checks one node and what it holds.
func (c *templateCheck) walk(tree *templateparse.Tree, node templateparse.Node, dot reflect.Type, vars scope) *templateProblem {
	switch n := node.(type) {
	case *templateparse.ListNode:
		if n == nil {
			return nil
		}
		for _, child := range n.Nodes {
			if err := c.walk(tree, child, dot, vars); err != nil {
				return err
			}
		}
	case *templateparse.ActionNode:
		_, err := c.pipe(tree, n.Pipe, dot, vars)
		return err
	case *templateparse.IfNode:
		inner := vars.copy()
		if _, err := c.pipe(tree, n.Pipe, dot, inner); err != nil {
			return err
		}
		if err := c.walk(tree, n.List, dot, inner); err != nil {
			return err
		}
		return c.walk(tree, n.ElseList, dot, inner.copy())
	case *templateparse.WithNode:
		inner := vars.copy()
		typ, err := c.pipe(tree, n.Pipe, dot, inner)
		if err != nil {
			return err
		}
		if err := c.walk(tree, n.List, typ, inner); err != nil {
			return err
		}
		return c.walk(tree, n.ElseList, dot, inner.copy())
	case *templateparse.RangeNode:
		inner := vars.copy()
		decl := n.Pipe.Decl
		n.Pipe.Decl = nil // the range's variables are its key and element, set below
		typ, err := c.pipe(tree, n.Pipe, dot, inner)
		n.Pipe.Decl = decl
		if err != nil {
			return err
		}
		key, elem := rangeTypes(typ)
		switch len(decl) {
		case 1:
			inner[decl[0].Ident[0]] = elem
		case 2:
			inner[decl[0].Ident[0]] = key
			inner[decl[1].Ident[0]] = elem
		}
		if err := c.walk(tree, n.List, elem, inner); err != nil {
			return err
		}
		return c.walk(tree, n.ElseList, dot, vars.copy())
	case *templateparse.TemplateNode:
		var typ reflect.Type
		if n.Pipe != nil {
			var err *templateProblem
			if typ, err = c.pipe(tree, n.Pipe, dot, vars.copy()); err != nil {
				return err
			}
		}
		if c.trees[n.Name] == nil {
			return &templateProblem{tree: tree, node: n, reason: fmt.Sprintf("it calls the template %q, which no template file defines", n.Name)}
		}
		err := c.template(n.Name, typ)
		// A partial given another value than the page's names the call
		// that gave it, where the mistake may well be.
		if err != nil && err.caller == nil && typ != c.root && typ != nil {
			call := templateCall{tree, n, typ}
			err.caller = &call
		}
		return err
	}
	return nil
}

// rangeTypes are the key and element types of ranging over typ.
func rangeTypes(typ reflect.Type) (key, elem reflect.Type) {
	for typ != nil && typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ == nil {
		return nil, nil
	}
	switch typ.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), typ.Elem()
	case reflect.Map:
		return typ.Key(), typ.Elem()
	case reflect.Chan:
		return typ.Elem(), typ.Elem()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return typ, typ
	}
	return nil, nil
}

// pipe checks a pipeline and returns the type of its value, declaring
// its variables in vars.
func (c *templateCheck) pipe(tree *templateparse.Tree, p *templateparse.PipeNode, dot reflect.Type, vars scope) (reflect.Type, *templateProblem) {
	if p == nil {
		return nil, nil
	}
	var typ reflect.Type
	for i, cmd := range p.Cmds {
		var err *templateProblem
		if typ, err = c.command(tree, cmd, dot, vars, i > 0, typ); err != nil {
			return nil, err
		}
	}
	for _, v := range p.Decl {
		if prev, ok := vars[v.Ident[0]]; ok && p.IsAssign && prev != typ {
			typ = nil // assigned values of two types: either may be there
		}
		vars[v.Ident[0]] = typ
	}
	return typ, nil
}

// command checks one command of a pipeline; piped says that the previous
// command's value, of type final, is its last argument.
func (c *templateCheck) command(tree *templateparse.Tree, cmd *templateparse.CommandNode, dot reflect.Type, vars scope, piped bool, final reflect.Type) (reflect.Type, *templateProblem) {
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *templateparse.FieldNode:
		return c.fieldChain(tree, n, dot, n.Ident, args, dot, vars, piped, final)
	case *templateparse.VariableNode:
		return c.fieldChain(tree, n, vars[n.Ident[0]], n.Ident[1:], args, dot, vars, piped, final)
	case *templateparse.ChainNode:
		recv, err := c.arg(tree, n.Node, dot, vars)
		if err != nil {
			return nil, err
		}
		return c.fieldChain(tree, n, recv, n.Field, args, dot, vars, piped, final)
	case *templateparse.IdentifierNode:
		return c.function(tree, n, args, dot, vars, piped, final)
	}
	return c.arg(tree, cmd.Args[0], dot, vars)
}

// arg checks an argument and returns its type.
func (c *templateCheck) arg(tree *templateparse.Tree, node templateparse.Node, dot reflect.Type, vars scope) (reflect.Type, *templateProblem) {
	switch n := node.(type) {
	case *templateparse.DotNode:
		return dot, nil
	case *templateparse.FieldNode:
		return c.fieldChain(tree, n, dot, n.Ident, nil, dot, vars, false, nil)
	case *templateparse.VariableNode:
		return c.fieldChain(tree, n, vars[n.Ident[0]], n.Ident[1:], nil, dot, vars, false, nil)
	case *templateparse.ChainNode:
		recv, err := c.arg(tree, n.Node, dot, vars)
		if err != nil {
			return nil, err
		}
		return c.fieldChain(tree, n, recv, n.Field, nil, dot, vars, false, nil)
	case *templateparse.PipeNode:
		return c.pipe(tree, n, dot, vars.copy())
	case *templateparse.IdentifierNode:
		return c.function(tree, n, nil, dot, vars, false, nil)
	case *templateparse.StringNode:
		return reflect.TypeFor[string](), nil
	case *templateparse.BoolNode:
		return reflect.TypeFor[bool](), nil
	}
	return nil, nil // a number's type depends on where it goes; nil fits many
}

// argTypes checks each argument and returns their types, the piped value
// last.
func (c *templateCheck) argTypes(tree *templateparse.Tree, args []templateparse.Node, dot reflect.Type, vars scope, piped bool, final reflect.Type) ([]reflect.Type, *templateProblem) {
	var types []reflect.Type
	for _, a := range args {
		typ, err := c.arg(tree, a, dot, vars)
		if err != nil {
			return nil, err
		}
		types = append(types, typ)
	}
	if piped {
		types = append(types, final)
	}
	return types, nil
}

// fieldChain checks .A.B.C on a value of type recv: each name a field, a
// map key or a method, the last one given args.
func (c *templateCheck) fieldChain(tree *templateparse.Tree, node templateparse.Node, recv reflect.Type, names []string, args []templateparse.Node, dot reflect.Type, vars scope, piped bool, final reflect.Type) (reflect.Type, *templateProblem) {
	argTypes, err := c.argTypes(tree, args, dot, vars, piped, final)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		if len(argTypes) > 0 {
			return nil, c.problem(tree, node, "it gives arguments to a value that is not a method or a function")
		}
		return recv, nil
	}
	typ := recv
	for i, name := range names {
		var given []reflect.Type
		if i == len(names)-1 {
			given = argTypes
		}
		var reason string
		if typ, reason = fieldType(typ, name, given); reason != "" {
			return nil, c.problem(tree, node, reason)
		}
	}
	return typ, nil
}

// fieldType is the type of .name on a value of type recv, as execution
// looks it up: a method first (of the value or its address), then a
// field of a struct, or a key of a map. A reason says why it fails.
func fieldType(recv reflect.Type, name string, args []reflect.Type) (reflect.Type, string) {
	if recv == nil {
		return nil, ""
	}
	if recv.Kind() == reflect.Interface {
		// The value inside decides; a method the interface names is
		// surely there.
		if m, ok := recv.MethodByName(name); ok {
			return callType(name, "method", m.Type, 0, args)
		}
		return nil, ""
	}
	if m, ok := method(recv, name); ok {
		return callType(name, "method", m.Type, 1, args)
	}
	typ := recv
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Interface:
		return nil, "" // the value inside may have it
	case reflect.Struct:
		f, ok := typ.FieldByName(name)
		if !ok {
			return nil, fmt.Sprintf("%s has no field or method %s", typ, name)
		}
		if !f.IsExported() {
			return nil, fmt.Sprintf("%s of %s is unexported, and templates see only exported fields", name, typ)
		}
		if len(args) > 0 {
			return nil, fmt.Sprintf("the field %s of %s is given arguments, but it is no method", name, typ)
		}
		return f.Type, ""
	case reflect.Map:
		if typ.Key().Kind() == reflect.String {
			return typ.Elem(), ""
		}
		return nil, ""
	}
	return nil, fmt.Sprintf("%s has no field or method %s", recv, name)
}

// method finds the method name of recv's value or of its address.
func method(recv reflect.Type, name string) (reflect.Method, bool) {
	if m, ok := recv.MethodByName(name); ok {
		return m, true
	}
	if recv.Kind() != reflect.Pointer {
		return reflect.PointerTo(recv).MethodByName(name)
	}
	return reflect.Method{}, false
}

// callType checks a call of a function or method of type fn with
// arguments of the given types (skip leading parameters being the
// receiver) and returns the type of its result.
func callType(name, what string, fn reflect.Type, skip int, args []reflect.Type) (reflect.Type, string) {
	params := fn.NumIn() - skip
	if fn.IsVariadic() {
		if len(args) < params-1 {
			return nil, fmt.Sprintf("the %s %s takes at least %d arguments and is given %d", what, name, params-1, len(args))
		}
	} else if len(args) != params {
		return nil, fmt.Sprintf("the %s %s takes %d arguments and is given %d", what, name, params, len(args))
	}
	for i, arg := range args {
		var param reflect.Type
		if fn.IsVariadic() && i >= params-1 {
			param = fn.In(fn.NumIn() - 1).Elem()
		} else {
			param = fn.In(skip + i)
		}
		if arg != nil && !passable(arg, param) {
			return nil, fmt.Sprintf("the %s %s takes a %s as its argument %d, not a %s", what, name, param, i+1, arg)
		}
	}
	if fn.NumOut() == 0 {
		return nil, fmt.Sprintf("the %s %s returns nothing to show", what, name)
	}
	return fn.Out(0), ""
}

// passable says whether execution can pass a value of type arg as a
// parameter of type param: as it is, through its pointer, or through its
// address.
func passable(arg, param reflect.Type) bool {
	switch {
	case arg.AssignableTo(param), arg.Kind() == reflect.Interface:
		return true
	case arg.Kind() == reflect.Pointer && arg.Elem().AssignableTo(param):
		return true
	}
	return reflect.PointerTo(arg).AssignableTo(param)
}

// function checks a call of a template function or a built-in one.
func (c *templateCheck) function(tree *templateparse.Tree, n *templateparse.IdentifierNode, args []templateparse.Node, dot reflect.Type, vars scope, piped bool, final reflect.Type) (reflect.Type, *templateProblem) {
	types, err := c.argTypes(tree, args, dot, vars, piped, final)
	if err != nil {
		return nil, err
	}
	switch n.Ident {
	case "and", "or":
		if len(types) == 0 {
			return nil, nil
		}
		for _, t := range types[1:] {
			if t != types[0] {
				return nil, nil
			}
		}
		return types[0], nil
	case "not", "eq", "ne", "lt", "le", "gt", "ge":
		return reflect.TypeFor[bool](), nil
	case "len":
		return reflect.TypeFor[int](), nil
	case "print", "printf", "println", "html", "js", "urlquery":
		return reflect.TypeFor[string](), nil
	case "index":
		if len(types) == 0 {
			return nil, nil
		}
		typ := types[0]
		for range types[1:] {
			for typ != nil && typ.Kind() == reflect.Pointer {
				typ = typ.Elem()
			}
			switch {
			case typ == nil:
			case typ.Kind() == reflect.Slice, typ.Kind() == reflect.Array, typ.Kind() == reflect.Map:
				typ = typ.Elem()
			case typ.Kind() == reflect.String:
				typ = reflect.TypeFor[byte]()
			default:
				typ = nil
			}
		}
		return typ, nil
	case "slice":
		if len(types) > 0 {
			return types[0], nil
		}
		return nil, nil
	}
	fn, ok := c.funcs[n.Ident]
	if !ok {
		return nil, nil // parsing has already refused an unknown function
	}
	typ, reason := callType(n.Ident, "function", fn, 0, types)
	if reason != "" {
		return nil, c.problem(tree, n, reason)
	}
	return typ, nil
}

// problem records where execution would fail and why.
func (c *templateCheck) problem(tree *templateparse.Tree, node templateparse.Node, reason string) *templateProblem {
	return &templateProblem{tree: tree, node: node, reason: reason}
}

// location is the file (the name it was parsed under), the line and the
// text of the problem's node.
func (p *templateProblem) location() (file, line, text string) {
	loc, text := p.tree.ErrorContext(p.node)
	parts := strings.Split(loc, ":")
	if len(parts) >= 3 {
		file, line = strings.Join(parts[:len(parts)-2], ":"), parts[len(parts)-2]
	}
	return file, line, text
}

// funcTypes are the types of the template functions, for the check.
func funcTypes(funcs map[string]any) map[string]reflect.Type {
	out := make(map[string]reflect.Type, len(funcs))
	for name, fn := range funcs {
		out[name] = reflect.TypeOf(fn)
	}
	return out
}
