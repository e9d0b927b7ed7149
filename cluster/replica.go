package main

import "github.com/caseward/caseward/internal/testcluster"

// adminPassword is the first admin's, given to every replica.
const adminPassword = "cluster test admin password"

// replicaEnv is what every replica is started with.
func replicaEnv(databaseURL, blobURL string) []string {
	return append(testcluster.ReplicaEnv(databaseURL, blobURL), "CASEWARD_ADMIN_PASSWORD="+adminPassword)
}
