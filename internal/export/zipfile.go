package export

// ZipFile is one file of a zipped export.
type ZipFile struct {
	Name string
	Body []byte
}
