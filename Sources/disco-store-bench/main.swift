import DiscoStorePostgres
print("bench")
