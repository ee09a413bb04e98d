"""Partner seeking: places looking for a sister, and the partners the registry suggests for any
place (issue 16). The model lives in the `registry` app (its migrations, roles and history), in
this subpackage so that the concept has one home: `models`, `suggestions`, `matches`, `views`,
`feeds`, `admin`."""
